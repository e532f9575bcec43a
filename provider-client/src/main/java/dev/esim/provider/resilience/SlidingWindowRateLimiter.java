package dev.esim.provider.resilience;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * At most {@code limit} permits in any sliding window of {@code window}. Hand-written rather than Resilience4j's
 * RateLimiter because that one counts per fixed refresh cycle: N permits at the end of one cycle plus N at the start
 * of the next put 2N calls in a few milliseconds, and a provider that enforces its limit over a rolling second
 * (eSIM Access: 8/s) answers the second half with 429s. Here the last {@code limit} grant times are kept in a ring;
 * a new grant is allowed once the oldest of them is a full window old. {@link CallBudget#perProcess} is its use.
 */
final class SlidingWindowRateLimiter {

    private final int limit;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final long[] grants;
    private int head;
    private int count;

    SlidingWindowRateLimiter(int limit, Duration window, LongSupplier nanoTime) {
        this.limit = limit;
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
        this.grants = new long[limit];
    }

    SlidingWindowRateLimiter(int limit, Duration window) {
        this(limit, window, System::nanoTime);
    }

    /** Takes a permit and returns 0, or returns how long until one frees up. */
    synchronized long tryAcquire() {
        long now = nanoTime.getAsLong();
        if (count < limit) {
            grants[(head + count) % limit] = now;
            count++;
            return 0;
        }
        long freeAt = grants[head] + windowNanos;
        if (now - freeAt >= 0) {
            grants[head] = now; // the ring is full: the new grant replaces the oldest and becomes the newest
            head = (head + 1) % limit;
            return 0;
        }
        return freeAt - now;
    }
}
