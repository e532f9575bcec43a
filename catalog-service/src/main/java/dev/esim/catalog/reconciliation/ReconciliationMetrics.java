package dev.esim.catalog.reconciliation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code esim.reconciliation.actions{action,outcome}} counts what every run did;
 * {@code esim.reconciliation.alerts{kind}} is the number of orders with an open finding of that kind (alert on > 0);
 * {@code esim.reconciliation.last.run} is the epoch second of the last finished run (alert when it stops moving).
 */
final class ReconciliationMetrics {

    static final String ACTIONS = "esim.reconciliation.actions";
    static final String ALERTS = "esim.reconciliation.alerts";

    private final MeterRegistry registry;
    private final Map<Finding, AtomicLong> open = new EnumMap<>(Finding.class);
    private final AtomicLong lastRun = new AtomicLong();

    ReconciliationMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Finding f : Finding.values()) {
            AtomicLong value = new AtomicLong();
            open.put(f, value);
            Gauge.builder(ALERTS, value, AtomicLong::get).tag("kind", f.tag())
                    .description("Orders with an open reconciliation finding of this kind").register(registry);
        }
        Gauge.builder("esim.reconciliation.last.run", lastRun, AtomicLong::get).baseUnit("seconds")
                .description("Epoch second at which the last reconciliation run finished").register(registry);
    }

    void count(String action, String outcome, int times) {
        if (times <= 0) {
            return;
        }
        Counter.builder(ACTIONS).tag("action", action).tag("outcome", outcome)
                .description("Reconciliation actions by outcome").register(registry).increment(times);
    }

    void count(String action, String outcome) {
        count(action, outcome, 1);
    }

    void open(Map<Finding, Integer> counts) {
        counts.forEach((kind, n) -> open.get(kind).set(n));
    }

    void finished(long epochSecond) {
        lastRun.set(epochSecond);
    }
}
