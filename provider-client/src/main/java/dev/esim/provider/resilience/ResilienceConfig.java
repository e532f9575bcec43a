package dev.esim.provider.resilience;

import java.time.Duration;

/**
 * Resilience settings for one provider. {@link #defaults()} suits production; tests shorten the durations.
 *
 * @param callsPerSecond         client-side limit: at most this many calls start in any sliding 1 s window
 *                               (eSIM Access allows 8/s; our default is 10)
 * @param rateLimitWait          how long a call may wait for a permit before failing with {@code client_rate_limited}
 * @param maxAttempts            attempts per call, first one included
 * @param initialBackoff         back-off cap before the 1st retry; doubles per retry up to {@code maxBackoff}; the
 *                               actual sleep is uniformly random in [0, cap] ("full jitter")
 * @param maxRetryAfter          a 429 asking us to wait longer than this is not retried in-process (the caller
 *                               reschedules)
 * @param callTimeout            time limit on each attempt (on top of the adapter's HTTP timeout)
 * @param failureRateThreshold   % of recorded failures (5xx, timeouts, network) that opens the circuit
 * @param slidingWindowSize      calls the failure rate is computed over
 * @param minimumNumberOfCalls   calls needed before the rate is evaluated
 * @param waitInOpenState        how long the circuit stays open before letting trial calls through (half-open)
 * @param permittedCallsInHalfOpen trial calls that decide between closing and re-opening
 */
public record ResilienceConfig(int callsPerSecond, Duration rateLimitWait, int maxAttempts, Duration initialBackoff,
                               Duration maxBackoff, Duration maxRetryAfter, Duration callTimeout,
                               float failureRateThreshold, int slidingWindowSize, int minimumNumberOfCalls,
                               Duration waitInOpenState, int permittedCallsInHalfOpen) {

    public ResilienceConfig {
        if (callsPerSecond < 1) {
            throw new IllegalArgumentException("callsPerSecond must be >= 1");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
    }

    public static ResilienceConfig defaults() {
        return new ResilienceConfig(10, Duration.ofSeconds(5), 4, Duration.ofMillis(200), Duration.ofSeconds(5),
                Duration.ofSeconds(30), Duration.ofSeconds(10), 50f, 10, 5, Duration.ofSeconds(30), 2);
    }

    public ResilienceConfig withCallsPerSecond(int n) {
        return new ResilienceConfig(n, rateLimitWait, maxAttempts, initialBackoff, maxBackoff, maxRetryAfter,
                callTimeout, failureRateThreshold, slidingWindowSize, minimumNumberOfCalls, waitInOpenState,
                permittedCallsInHalfOpen);
    }

    public ResilienceConfig withRetry(int attempts, Duration initial, Duration max) {
        return new ResilienceConfig(callsPerSecond, rateLimitWait, attempts, initial, max, maxRetryAfter,
                callTimeout, failureRateThreshold, slidingWindowSize, minimumNumberOfCalls, waitInOpenState,
                permittedCallsInHalfOpen);
    }

    public ResilienceConfig withCallTimeout(Duration timeout) {
        return new ResilienceConfig(callsPerSecond, rateLimitWait, maxAttempts, initialBackoff, maxBackoff,
                maxRetryAfter, timeout, failureRateThreshold, slidingWindowSize, minimumNumberOfCalls,
                waitInOpenState, permittedCallsInHalfOpen);
    }

    public ResilienceConfig withCircuit(int windowSize, int minimumCalls, float thresholdPercent, Duration openFor,
                                        int halfOpenCalls) {
        return new ResilienceConfig(callsPerSecond, rateLimitWait, maxAttempts, initialBackoff, maxBackoff,
                maxRetryAfter, callTimeout, thresholdPercent, windowSize, minimumCalls, openFor, halfOpenCalls);
    }
}
