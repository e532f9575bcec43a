package dev.esim.provider.resilience;

import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedTimeLimiterMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Publishes a {@link ResilientEsimProvider}'s Resilience4j metrics ({@code resilience4j.retry.calls},
 * {@code resilience4j.circuitbreaker.state}, {@code resilience4j.timelimiter.calls}, … tagged {@code name=<provider>})
 * and counts failed attempts as {@code esim.provider.errors{provider, code, retryable}}. Kept apart from the
 * decorator so that Micrometer stays an optional dependency.
 */
public final class ResilienceMetrics {

    public static final String ERRORS = "esim.provider.errors";

    private ResilienceMetrics() {
    }

    public static void bind(MeterRegistry registry, ResilientEsimProvider provider) {
        TaggedRetryMetrics.ofRetryRegistry(provider.retryRegistry()).bindTo(registry);
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(provider.circuitBreakerRegistry()).bindTo(registry);
        TaggedTimeLimiterMetrics.ofTimeLimiterRegistry(provider.timeLimiterRegistry()).bindTo(registry);
        provider.onError(e -> Counter.builder(ERRORS)
                .description("Failed provider call attempts, by canonical error code")
                .tag("provider", e.provider())
                .tag("code", e.code())
                .tag("retryable", Boolean.toString(e.retryable()))
                .register(registry)
                .increment());
    }
}
