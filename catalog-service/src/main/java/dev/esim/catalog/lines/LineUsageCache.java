package dev.esim.catalog.lines;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.esim.provider.EsimProvider;
import dev.esim.provider.LineUsage;
import dev.esim.provider.RateLimitedException;
import dev.esim.provider.resilience.CallBudget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Line usage per ICCID, cached for a fixed time (seed 001: 30–60 s) so that however many travellers refresh their
 * usage page, the provider sees at most one call per line per period — its rate limits hold under load. A Caffeine
 * cache: concurrent misses for one ICCID share one provider call, failures are not cached, and it holds at most
 * {@code maxLines} readings (the least used go first).
 *
 * <p>Misses — a new line, or someone walking through ICCIDs — spend from a budget of their own
 * ({@code missesPerSecond}), so usage lookups can never use up the calls the provider allows us for catalogue sync,
 * top-ups and cancellations: past the budget a miss is answered "rate limited" at once, without waiting.
 */
final class LineUsageCache {

    /** A reading and when the provider gave it. */
    record Reading(LineUsage usage, Instant asOf) {
    }

    private final LineProviders providers;
    private final Clock clock;
    private final Duration ttl;
    private final CallBudget misses;
    private final Cache<String, Reading> readings;

    LineUsageCache(LineProviders providers, Clock clock, Duration ttl, long maxLines, CallBudget misses) {
        this.providers = providers;
        this.clock = clock;
        this.ttl = ttl;
        this.misses = misses;
        this.readings = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumSize(maxLines)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .build();
    }

    /** Blocking; throws the provider's exception on failure, {@link RateLimitedException} past the miss budget. */
    Reading get(String iccid) {
        return readings.get(iccid, this::load);
    }

    /** Seconds the reading may still be served, for {@code Cache-Control: max-age}. */
    long remainingSeconds(Reading reading) {
        long left = Duration.between(clock.instant(), reading.asOf().plus(ttl)).toSeconds();
        return Math.max(0, left);
    }

    /** Readings held now (after Caffeine's pending evictions). */
    long size() {
        readings.cleanUp();
        return readings.estimatedSize();
    }

    private Reading load(String iccid) {
        EsimProvider provider = providers.of(iccid);
        CallBudget.Place place = misses.tryAcquire();
        if (!place.granted()) {
            throw new RateLimitedException(provider.name(), "usage_lookups_rate_limited", 0, null, place.retryIn(),
                    "more line usage lookups than esim.catalog.lines.misses-per-second");
        }
        try {
            return new Reading(provider.lineUsage(iccid), clock.instant());
        } finally {
            place.callEnded();
        }
    }
}
