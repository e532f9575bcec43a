package dev.esim.provider.resilience;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * At most {@code limit} calls in any sliding window of {@code window}, each counted from when it ended (see
 * {@link CallBudget} for why): a call holds its place while in flight, and for a window after it ended. Hand-written
 * rather than Resilience4j's RateLimiter because that one counts per fixed refresh cycle: N permits at the end of one
 * cycle plus N at the start of the next put 2N calls in a few milliseconds, and a provider that enforces its limit
 * over a rolling second (eSIM Access: 8/s) answers the second half with 429s. Here the end times of the calls still
 * inside the window are kept in a ring, oldest first. {@link CallBudget#perProcess} is its use.
 */
final class SlidingWindowRateLimiter {

    private final int limit;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final long[] ends;
    private int head;
    private int ended;
    private int inFlight;

    SlidingWindowRateLimiter(int limit, Duration window, LongSupplier nanoTime) {
        if (limit < 1) {
            throw new IllegalArgumentException("a limit allows at least one call per window");
        }
        this.limit = limit;
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
        this.ends = new long[limit];
    }

    SlidingWindowRateLimiter(int limit, Duration window) {
        this(limit, window, System::nanoTime);
    }

    /**
     * Takes a place for a call and returns 0, or returns how long until one may be free: until the oldest ended call
     * leaves the window, or — every place in flight — at least a window, since none can be free before a window
     * after its call ends.
     */
    synchronized long tryAcquire() {
        long now = nanoTime.getAsLong();
        forgetOld(now);
        if (inFlight + ended < limit) {
            inFlight++;
            return 0;
        }
        return ended > 0 ? ends[head] + windowNanos - now : windowNanos;
    }

    /** A granted call is over: its place counts from now. */
    synchronized void callEnded() {
        if (inFlight == 0) {
            throw new IllegalStateException("no call in flight");
        }
        long now = nanoTime.getAsLong();
        forgetOld(now);
        inFlight--;
        ends[(head + ended) % limit] = now; // in flight + ended never exceed the limit, so the ring has room
        ended++;
    }

    private void forgetOld(long now) {
        while (ended > 0 && now - ends[head] >= windowNanos) {
            head = (head + 1) % limit;
            ended--;
        }
    }
}
