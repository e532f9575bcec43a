package dev.esim.catalog.orders;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The order funnel as finance reads it: gauge {@code esim.orders{status}}, how many orders are in each status now
 * (placed and unpaid, paid, active, refunded, …). One query per {@code maxAge} at most, however many gauges a scrape
 * reads.
 */
final class OrderFunnel {

    private final JdbcClient jdbc;
    private final long maxAgeNanos;
    private Map<OrderStatus, Long> counts = Map.of();
    private long countedAt;

    private OrderFunnel(JdbcClient jdbc, Duration maxAge) {
        this.jdbc = jdbc;
        this.maxAgeNanos = maxAge.toNanos();
    }

    static OrderFunnel register(JdbcClient jdbc, MeterRegistry meters, Duration maxAge) {
        OrderFunnel funnel = new OrderFunnel(jdbc, maxAge);
        for (OrderStatus status : OrderStatus.values()) {
            Gauge.builder("esim.orders", funnel, f -> f.count(status))
                    .description("Orders by current status: the funnel placed → paid → active (→ refunded)")
                    .tag("status", status.name().toLowerCase(Locale.ROOT))
                    .register(meters);
        }
        return funnel;
    }

    private record Count(OrderStatus status, long orders) {
    }

    synchronized long count(OrderStatus status) {
        long now = System.nanoTime();
        if (countedAt == 0 || now - countedAt > maxAgeNanos) {
            Map<OrderStatus, Long> fresh = new EnumMap<>(OrderStatus.class);
            jdbc.sql("select status, count(*) from orders group by status")
                    .query((rs, n) -> new Count(OrderStatus.fromWire(rs.getString(1)), rs.getLong(2))).list()
                    .forEach(c -> fresh.put(c.status(), c.orders()));
            counts = fresh;
            countedAt = now;
        }
        return counts.getOrDefault(status, 0L);
    }
}
