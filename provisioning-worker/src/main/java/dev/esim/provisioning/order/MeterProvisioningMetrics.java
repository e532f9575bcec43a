package dev.esim.provisioning.order;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Micrometer names of the worker's metrics. Per-attempt provider errors and circuit-breaker state come from
 * provider-client ({@code esim.provider.errors}, {@code resilience4j.circuitbreaker.state}); these count what the
 * provisioning path saw after the in-process retries.
 */
final class MeterProvisioningMetrics implements ProvisioningMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicReference<Double>> balances = new ConcurrentHashMap<>();
    private final Map<String, AtomicReference<Double>> lowFlags = new ConcurrentHashMap<>();

    MeterProvisioningMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void outcome(String outcome, String reason) {
        Counter.builder("esim.provisioning.outcomes").tag("outcome", outcome).tag("reason", reason)
                .register(registry).increment();
    }

    @Override
    public void provisioned(String provider, Duration latency) {
        Timer.builder("esim.provisioning.latency").description("Claim created to line active")
                .tag("provider", provider).publishPercentileHistogram().register(registry).record(latency);
    }

    @Override
    public void providerError(String provider, String code) {
        Counter.builder("esim.provisioning.provider.failures").tag("provider", provider).tag("code", code)
                .register(registry).increment();
    }

    @Override
    public void failover(String from, String to) {
        Counter.builder("esim.provisioning.failovers").tag("from", from).tag("to", to).register(registry).increment();
    }

    @Override
    public void balance(String provider, BigDecimal amount, boolean low) {
        gauge(balances, "esim.provider.balance", provider).set(amount.doubleValue());
        gauge(lowFlags, "esim.provider.balance.low", provider).set(low ? 1.0 : 0.0);
    }

    private AtomicReference<Double> gauge(Map<String, AtomicReference<Double>> values, String name, String provider) {
        return values.computeIfAbsent(provider, p -> {
            AtomicReference<Double> value = new AtomicReference<>(Double.NaN);
            Gauge.builder(name, value, AtomicReference::get).tag("provider", p).register(registry);
            return value;
        });
    }
}
