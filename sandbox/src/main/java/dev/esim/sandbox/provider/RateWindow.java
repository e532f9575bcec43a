package dev.esim.sandbox.provider;

import java.util.ArrayDeque;
import java.util.Deque;

/** A sliding one-second window of request arrival times (nanoTime). Not thread-safe: the simulator guards it. */
final class RateWindow {

    private static final long WINDOW_NANOS = 1_000_000_000L;

    private final Deque<Long> arrivals = new ArrayDeque<>();

    /** Records an arrival and returns how many arrivals the last second holds, this one included. */
    int record(long nowNanos) {
        evict(nowNanos);
        arrivals.addLast(nowNanos);
        return arrivals.size();
    }

    int count(long nowNanos) {
        evict(nowNanos);
        return arrivals.size();
    }

    /** Whole seconds until the oldest arrival leaves the window (at least 1), for a {@code Retry-After} header. */
    int secondsUntilSlotFrees(long nowNanos) {
        evict(nowNanos);
        if (arrivals.isEmpty()) {
            return 1;
        }
        long waitNanos = arrivals.peekFirst() + WINDOW_NANOS - nowNanos;
        return (int) Math.max(1, (waitNanos + WINDOW_NANOS - 1) / WINDOW_NANOS);
    }

    void clear() {
        arrivals.clear();
    }

    private void evict(long nowNanos) {
        while (!arrivals.isEmpty() && nowNanos - arrivals.peekFirst() >= WINDOW_NANOS) {
            arrivals.removeFirst();
        }
    }
}
