package dev.esim.catalog.lines;

import dev.esim.provider.EsimProvider;
import dev.esim.provider.LineUsage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Line usage per ICCID, cached for a fixed time (seed 001: 30–60 s) so that however many travellers refresh their
 * usage page, the provider sees at most one call per line per period — its rate limits hold under load. Concurrent
 * misses for one ICCID share one provider call (single flight). Failures are not cached.
 *
 * <p>Hand-written rather than Caffeine: one map and a timestamp is all it takes, and no dependency is added.
 */
final class LineUsageCache {

    /** A reading and when the provider gave it. */
    record Reading(LineUsage usage, Instant asOf) {
    }

    private final EsimProvider provider;
    private final Clock clock;
    private final Duration ttl;
    private final ConcurrentMap<String, CompletableFuture<Reading>> entries = new ConcurrentHashMap<>();

    LineUsageCache(EsimProvider provider, Clock clock, Duration ttl) {
        this.provider = provider;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** Blocking; throws the provider's exception on failure. */
    Reading get(String iccid) {
        while (true) {
            CompletableFuture<Reading> mine = new CompletableFuture<>();
            CompletableFuture<Reading> existing = entries.putIfAbsent(iccid, mine);
            if (existing == null) {
                return load(iccid, mine);
            }
            if (existing.isDone() && !existing.isCompletedExceptionally() && fresh(existing.join())) {
                return existing.join();
            }
            if (existing.isDone()) {
                // stale or failed: replace it, unless another caller already did
                entries.remove(iccid, existing);
                continue;
            }
            try {
                return existing.join();
            } catch (CompletionException e) {
                throw unwrap(e);
            }
        }
    }

    /** Seconds the reading may still be served, for {@code Cache-Control: max-age}. */
    long remainingSeconds(Reading reading) {
        long left = Duration.between(clock.instant(), reading.asOf().plus(ttl)).toSeconds();
        return Math.max(0, left);
    }

    private Reading load(String iccid, CompletableFuture<Reading> mine) {
        try {
            Reading reading = new Reading(provider.lineUsage(iccid), clock.instant());
            mine.complete(reading);
            return reading;
        } catch (RuntimeException e) {
            entries.remove(iccid, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private boolean fresh(Reading reading) {
        return clock.instant().isBefore(reading.asOf().plus(ttl));
    }

    private static RuntimeException unwrap(CompletionException e) {
        return e.getCause() instanceof RuntimeException r ? r : e;
    }
}
