package dev.esim.provisioning.stream;

import dev.esim.provisioning.order.RecordPosition;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed attempts per input and the exponential back-off before the next one: {@code initial × multiplier^(n-1)},
 * capped at {@code max}, for at most {@code maxRetries} retries. Kept here rather than in Spring's after-rollback
 * processor because a poll's transaction commits the inputs before a failed one: only that input is retried.
 *
 * <p>Counts live in memory: after a restart or a rebalance an input starts counting again, which only delays its
 * dead-lettering. Shared by the listener's threads; each input belongs to one of them.
 */
final class ListenerRetries {

    /** Forgets everything beyond this many failing inputs (only reachable when partitions moved away mid-retry). */
    private static final int MAX_TRACKED = 10_000;

    private final int maxRetries;
    private final Duration initial;
    private final double multiplier;
    private final Duration max;
    private final Map<RecordPosition, Integer> failures = new ConcurrentHashMap<>();

    ListenerRetries(int maxRetries, Duration initial, double multiplier, Duration max) {
        if (maxRetries < 0 || multiplier < 1 || initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("retries must be >= 0, multiplier >= 1 and 0 <= initial <= max");
        }
        this.maxRetries = maxRetries;
        this.initial = initial;
        this.multiplier = multiplier;
        this.max = max;
    }

    int maxRetries() {
        return maxRetries;
    }

    /** Counts a failed attempt; returns how long to wait before the next one, or null when none is left. */
    Duration failed(RecordPosition position) {
        if (failures.size() >= MAX_TRACKED) {
            failures.clear();
        }
        int failed = failures.merge(position, 1, Integer::sum);
        if (failed > maxRetries) {
            failures.remove(position);
            return null;
        }
        double millis = initial.toMillis() * Math.pow(multiplier, failed - 1);
        return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
    }

    /** The input is done with (handled or dead-lettered). */
    void done(RecordPosition position) {
        if (!failures.isEmpty()) {
            failures.remove(position);
        }
    }
}
