package dev.esim.provider.resilience;

import java.time.Duration;
import java.util.Objects;

/**
 * The provider's rate limit as a budget of calls, at most N in any rolling window. The budget may be this process's
 * alone ({@link #perProcess}) or shared by every instance of a deployment (the worker keeps one in PostgreSQL): a
 * provider that allows 10 calls/s allows them to the account, not to each pod.
 *
 * <p>A call is counted from when it <em>ended</em>, not from when it was granted. The provider counts a call when it
 * arrives, and the caller cannot see that moment: only that it lies between the grant and the answer. Counting from
 * the grant, a call that took 20 ms to reach the provider and the call granted a window later that took 2 ms put
 * N + 1 arrivals into one of the provider's windows, and it answers 429. Counted from the end, the next call on the
 * same place reaches the provider a full window after the last one did, however long either took on the way. So a
 * place is held from its grant until {@link Place#callEnded()}, and only then starts its window.
 */
public interface CallBudget {

    /**
     * Takes a place for one call, or nothing and says how long until a place may be free. Throws if the budget
     * cannot be consulted (e.g. its database is unreachable).
     */
    Place tryAcquire();

    /** Waits for a place at most {@code maxWait}; the last refusal if none was free in time. */
    default Place acquire(Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            Place place = tryAcquire();
            if (place.granted()) {
                return place;
            }
            if (System.nanoTime() + place.retryIn().toNanos() - deadline > 0) {
                return place;
            }
            Thread.sleep(Math.max(1, place.retryIn().toMillis()));
        }
    }

    /** At most {@code callsPerSecond} calls in any rolling second, counted in this process only. */
    static CallBudget perProcess(int callsPerSecond) {
        SlidingWindowRateLimiter limiter = new SlidingWindowRateLimiter(callsPerSecond, Duration.ofSeconds(1));
        return () -> {
            long waitNanos = limiter.tryAcquire();
            return waitNanos == 0 ? Place.granted(limiter::callEnded) : Place.refused(Duration.ofNanos(waitNanos));
        };
    }

    /** The budget's answer: a place for one call, or a refusal with how long until one may be free. */
    final class Place {

        private final Duration retryIn;
        private final Runnable onCallEnded;
        private boolean ended;

        private Place(Duration retryIn, Runnable onCallEnded) {
            this.retryIn = retryIn;
            this.onCallEnded = onCallEnded;
        }

        /** A place taken; {@code onCallEnded} hands it back to the budget, to be counted from that moment. */
        public static Place granted(Runnable onCallEnded) {
            return new Place(Duration.ZERO, Objects.requireNonNull(onCallEnded));
        }

        /** No place free: ask again after {@code retryIn} at the earliest. */
        public static Place refused(Duration retryIn) {
            if (retryIn.isZero() || retryIn.isNegative()) {
                throw new IllegalArgumentException("a refusal says a positive time to wait");
            }
            return new Place(retryIn, null);
        }

        public boolean granted() {
            return onCallEnded != null;
        }

        /** Zero when granted. */
        public Duration retryIn() {
            return retryIn;
        }

        /**
         * The call made in this place is over — answered, failed, timed out or never sent: the provider has counted
         * it by now if it ever will, so its window runs from here. Once per place; nothing for a refusal.
         */
        public void callEnded() {
            if (onCallEnded == null || ended) {
                return;
            }
            ended = true;
            onCallEnded.run();
        }
    }
}
