package dev.esim.provider.resilience;

import java.time.Duration;

/**
 * The provider's rate limit as a budget of calls, at most N in any rolling window. The budget may be this process's
 * alone ({@link #perProcess}) or shared by every instance of a deployment (the worker keeps one in PostgreSQL): a
 * provider that allows 10 calls/s allows them to the account, not to each pod.
 */
public interface CallBudget {

    /**
     * Takes one call from the budget and returns {@link Duration#ZERO}, or takes nothing and returns how long until a
     * call may be free. Throws if the budget cannot be consulted (e.g. its database is unreachable).
     */
    Duration tryAcquire();

    /** Blocks until a call is free, at most {@code maxWait}; empty if granted, else how long until one might be. */
    default Duration acquire(Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            Duration wait = tryAcquire();
            if (wait.isZero()) {
                return Duration.ZERO;
            }
            if (System.nanoTime() + wait.toNanos() - deadline > 0) {
                return wait;
            }
            Thread.sleep(Math.max(1, wait.toMillis()));
        }
    }

    /** At most {@code callsPerSecond} calls in any rolling second, counted in this process only. */
    static CallBudget perProcess(int callsPerSecond) {
        SlidingWindowRateLimiter limiter = new SlidingWindowRateLimiter(callsPerSecond, Duration.ofSeconds(1));
        return () -> Duration.ofNanos(limiter.tryAcquire());
    }
}
