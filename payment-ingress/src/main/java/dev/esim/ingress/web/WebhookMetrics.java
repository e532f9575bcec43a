package dev.esim.ingress.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ingress.webhooks} counts every request by source, type and outcome ({@code verified}, {@code published},
 * {@code ignored}, {@code rejected}, {@code failed}) with a {@code reason}; {@code ingress.publish} times the Kafka
 * write; {@code ingress.last.accepted.age} is the seconds since the last 2xx per source (a silent gateway shows up as
 * a growing age). Rejected requests are tagged with type {@code unverified}: an attacker must not be able to mint
 * new time series by inventing event types.
 */
public final class WebhookMetrics {

    private static final String NONE = "none";

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, AtomicLong> lastAcceptedMillis = new ConcurrentHashMap<>();
    // Looking a meter up by name and tags allocates and sorts its id on every call; these are hit on every webhook.
    private final Map<CounterKey, Counter> counters = new ConcurrentHashMap<>();
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, Counter> apiVersionMismatches = new ConcurrentHashMap<>();

    public WebhookMetrics(MeterRegistry registry, Clock clock, Collection<String> sources) {
        this.registry = registry;
        this.clock = clock;
        for (String source : sources) {
            AtomicLong last = new AtomicLong(-1);
            lastAcceptedMillis.put(source, last);
            Gauge.builder("ingress.last.accepted.age", last,
                            l -> l.get() < 0 ? Double.NaN : (clock.millis() - l.get()) / 1000.0)
                    .tag("source", source)
                    .baseUnit("seconds")
                    .description("Seconds since the last webhook this source got a 2xx for")
                    .register(registry);
        }
    }

    void verified(String source, String type) {
        count(source, type, "verified", NONE);
    }

    /** A published event; {@code repeat}: a repeated delivery answered without writing (reason {@code repeat}). */
    void published(String source, String type, Duration latency, boolean repeat) {
        count(source, type, "published", repeat ? "repeat" : NONE);
        timer(source, "published").record(latency);
        accepted(source);
    }

    void ignored(String source, String type, String reason) {
        count(source, type, "ignored", reason);
        accepted(source);
    }

    void rejected(String source, String reason) {
        count(source, "unverified", "rejected", reason);
    }

    void publishFailed(String source, String type, Duration latency, String reason) {
        count(source, type, "failed", reason);
        timer(source, "failed").record(latency);
    }

    /** A verified webhook whose order could not be named because the gateway's API did not answer (503). */
    void lookupFailed(String source) {
        count(source, "order_lookup", "failed", "gateway_api_unavailable");
    }

    /** Stripe rendered an event in an API version other than the one stripe-java is pinned to. */
    public void apiVersionMismatch(String type) {
        // only verified events get here, so the event types are Stripe's, not an attacker's
        apiVersionMismatches.computeIfAbsent(type, t -> Counter.builder("ingress.stripe.api_version_mismatch")
                .tag("type", t)
                .description("Stripe events whose data.object is in another API version than stripe-java's")
                .register(registry)).increment();
    }

    private void accepted(String source) {
        AtomicLong last = lastAcceptedMillis.get(source);
        if (last != null) {
            last.set(clock.millis());
        }
    }

    private void count(String source, String type, String outcome, String reason) {
        counters.computeIfAbsent(new CounterKey(source, type, outcome, reason),
                key -> Counter.builder("ingress.webhooks")
                        .tag("source", source).tag("type", type).tag("outcome", outcome).tag("reason", reason)
                        .description("Inbound webhooks by source, type and outcome")
                        .register(registry)).increment();
    }

    private Timer timer(String source, String outcome) {
        return timers.computeIfAbsent(new TimerKey(source, outcome), key -> Timer.builder("ingress.publish")
                .tag("source", source).tag("outcome", outcome)
                .description("Time from verified webhook to Kafka acknowledgement")
                .publishPercentileHistogram()
                .register(registry));
    }

    private record CounterKey(String source, String type, String outcome, String reason) {
    }

    private record TimerKey(String source, String outcome) {
    }
}
