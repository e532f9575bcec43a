package dev.esim.provider.resilience;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

/**
 * "Full jitter" exponential back-off: sleep = random(0, min(max, initial × 2^(retry-1))). Resilience4j's own
 * randomized back-off jitters around the exponential value (±factor), which keeps retries from many clients
 * bunched; full jitter spreads them over the whole interval, which is what de-synchronises a thundering herd.
 */
final class FullJitterBackoff {

    private final long initialMillis;
    private final long maxMillis;
    /** Given a bound b, returns a uniform value in [0, b]; injectable for tests. */
    private final LongUnaryOperator random;

    FullJitterBackoff(Duration initial, Duration max, LongUnaryOperator random) {
        this.initialMillis = Math.max(0, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
        this.random = random;
    }

    /** Upper bound of the sleep before retry number {@code retry} (1-based). */
    long capMillis(int retry) {
        int shift = Math.min(Math.max(retry - 1, 0), 30);
        long exp = initialMillis << shift;
        return exp < 0 || exp > maxMillis ? maxMillis : exp;
    }

    long delayMillis(int retry) {
        return random.applyAsLong(capMillis(retry));
    }
}
