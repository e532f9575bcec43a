package dev.esim.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The conservation law, checked from the topics alone: <b>money taken ⇔ eSIM delivered</b>. Fed the facts of every
 * order (what it costs, the payments and refunds the gateway confirmed, the lines the worker delivered or cancelled),
 * it lists the orders that break the law. Spring- and Kafka-free; {@link AuditCommand} feeds it.
 *
 * <p>Money is counted once per gateway payment (payment intent) and once per refund id, however many events announced
 * it. A line counts as delivered from its {@code ActivationReady} (or {@code TopUpApplied}) until a
 * {@code LineCancelled} names its ICCID. An order may keep the price of the lines it still has: support can cancel one
 * line of an order and refund that line's price only.
 */
final class Conservation {

    /** Why an order breaks the law. */
    enum Kind {
        /**
         * The order not delivered in full, longer than the grace period, and more money kept (net of refunds) than its
         * live lines are worth.
         */
        PAID_NOT_DELIVERED,
        /** A line delivered, but the order was never paid its whole price. */
        DELIVERED_UNPAID,
        /** Refunded in full, and a delivered line was never cancelled. */
        REFUNDED_BUT_DELIVERED
    }

    record Finding(String orderId, Kind kind, String detail) {
    }

    /** One item of an order: {@code quantity} lines of the plan {@code sku} at {@code unitPriceMinor} each. */
    record Item(String sku, int quantity, long unitPriceMinor) {
    }

    private final Map<String, Ledger> orders = new TreeMap<>();

    private static final class Ledger {
        long totalMinor = -1;
        String currency;
        int units;
        final Map<String, Long> unitPrices = new HashMap<>();
        final Map<String, Long> payments = new LinkedHashMap<>();
        final Map<String, Long> refunds = new LinkedHashMap<>();
        /** ICCID → the plan's SKU as the activation named it (null when it did not). */
        final Map<String, String> delivered = new LinkedHashMap<>();
        final Set<String> cancelled = new LinkedHashSet<>();
        Instant firstPaidAt;

        long taken() {
            return payments.values().stream().mapToLong(Long::longValue).sum();
        }

        long refunded() {
            return refunds.values().stream().mapToLong(Long::longValue).sum();
        }

        int live() {
            Set<String> live = new LinkedHashSet<>(delivered.keySet());
            live.removeAll(cancelled);
            return live.size();
        }

        /** What the live lines are worth: each its plan's unit price in this order. */
        long liveValue() {
            long value = 0;
            for (Map.Entry<String, String> line : delivered.entrySet()) {
                if (!cancelled.contains(line.getKey())) {
                    value += valueOf(line.getValue());
                }
            }
            return value;
        }

        /**
         * The unit price of {@code sku} in this order; for a SKU the order does not list (a line issued by another
         * provider after failover) the order's average unit price, rounded up so that rounding never makes a finding.
         */
        private long valueOf(String sku) {
            Long price = sku == null ? null : unitPrices.get(sku);
            if (price != null) {
                return price;
            }
            return units > 0 ? (totalMinor + units - 1) / units : totalMinor;
        }
    }

    private Ledger ledger(String orderId) {
        return orders.computeIfAbsent(orderId, k -> new Ledger());
    }

    void placed(String orderId, long totalMinor, String currency, List<Item> items) {
        Ledger l = ledger(orderId);
        l.totalMinor = totalMinor;
        l.currency = currency;
        l.units = items.stream().mapToInt(Item::quantity).sum();
        items.forEach(item -> l.unitPrices.putIfAbsent(item.sku(), item.unitPriceMinor()));
    }

    /** A successful payment; {@code paymentId} identifies the money (payment intent), not the event. */
    void paid(String orderId, String paymentId, long amountMinor, String currency, Instant at) {
        Ledger l = ledger(orderId);
        if (l.currency != null && !l.currency.equalsIgnoreCase(currency)) {
            return; // money in another currency is never the order's price (the gateway's reconciliation owns it)
        }
        l.payments.putIfAbsent(paymentId, amountMinor);
        if (l.firstPaidAt == null || at.isBefore(l.firstPaidAt)) {
            l.firstPaidAt = at;
        }
    }

    void refunded(String orderId, String refundId, long amountMinor) {
        ledger(orderId).refunds.putIfAbsent(refundId, amountMinor);
    }

    /** A line delivered (or topped up) with the plan {@code sku}; null when the event names none. */
    void delivered(String orderId, String iccid, String sku) {
        ledger(orderId).delivered.putIfAbsent(iccid, sku);
    }

    void cancelled(String orderId, String iccid) {
        ledger(orderId).cancelled.add(iccid);
    }

    int orders() {
        return orders.size();
    }

    /** Orders breaking the law; money still being provisioned within {@code grace} of its payment is not counted. */
    List<Finding> findings(Instant now, Duration grace) {
        List<Finding> findings = new ArrayList<>();
        orders.forEach((orderId, l) -> {
            if (l.totalMinor < 0) {
                if (!l.delivered.isEmpty()) {
                    findings.add(new Finding(orderId, Kind.DELIVERED_UNPAID,
                            "line delivered for an order never placed"));
                }
                return; // payments naming an order we never placed belong to the gateway's own reconciliation
            }
            long taken = l.taken();
            long net = taken - l.refunded();
            int live = l.live();
            boolean refundedInFull = taken > 0 && net <= 0;
            if (live > 0 && taken < l.totalMinor) {
                findings.add(new Finding(orderId, Kind.DELIVERED_UNPAID, live + " line(s) delivered, paid " + taken
                        + " of " + l.totalMinor + " " + l.currency));
            } else if (live > 0 && refundedInFull) {
                findings.add(new Finding(orderId, Kind.REFUNDED_BUT_DELIVERED, live + " line(s) still delivered after "
                        + "a full refund of " + l.refunded() + " " + l.currency));
            }
            boolean overdue = l.firstPaidAt != null && l.firstPaidAt.plus(grace).isBefore(now);
            // fewer lines than bought is lawful when the money kept pays for no more than the lines still live
            long liveValue = l.liveValue();
            if (overdue && live < l.units && net > liveValue) {
                findings.add(new Finding(orderId, Kind.PAID_NOT_DELIVERED, "kept " + net + " " + l.currency
                        + " since " + l.firstPaidAt + ", " + live + " of " + l.units + " line(s) delivered, worth "
                        + liveValue));
            }
        });
        return findings;
    }
}
