package dev.esim.catalog.orders;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The order status state machine, as a pure function of the <em>set</em> of facts seen (deduplicated by event id).
 * Being a function of a set, it gives the same answer whatever order the events arrived in and however often; and
 * because each fact can only raise the status (see the rank order of {@link OrderStatus}), it never moves backwards
 * — a late PaymentSucceeded after ActivationReady keeps {@code active}. Spring-free.
 */
final class OrderProjection {

    private final int units;
    private final Map<String, OrderFact> facts = new LinkedHashMap<>();

    /** @param units eSIMs (or top-ups) the order is for: {@code active} once that many lines are ready */
    public OrderProjection(int units) {
        if (units < 1) {
            throw new IllegalArgumentException("an order is for at least one unit");
        }
        this.units = units;
    }

    /** Adds a fact (ignored if its event was seen before) and returns the status now. */
    public OrderStatus apply(OrderFact fact) {
        facts.putIfAbsent(fact.eventId(), fact);
        return status();
    }

    public OrderStatus status() {
        return status(units, facts.values());
    }

    public static OrderStatus status(int units, Collection<OrderFact> facts) {
        Set<String> seen = new HashSet<>();
        Set<OrderFact.Kind> kinds = new HashSet<>();
        Set<String> readyLines = new HashSet<>();
        for (OrderFact f : facts) {
            if (!seen.add(f.eventId())) {
                continue;
            }
            kinds.add(f.kind());
            if (f.kind() == OrderFact.Kind.LINE_READY) {
                // one line is one unit however many events report it; events without an ICCID count by event
                readyLines.add(f.iccid() != null ? f.iccid() : "event:" + f.eventId());
            }
        }
        if (kinds.contains(OrderFact.Kind.REFUNDED)) {
            return OrderStatus.REFUNDED;
        }
        if (readyLines.size() >= units) {
            return OrderStatus.ACTIVE;
        }
        if (kinds.contains(OrderFact.Kind.PROVISIONING_FAILED) || kinds.contains(OrderFact.Kind.PAYMENT_FAILED)) {
            return OrderStatus.FAILED;
        }
        if (!readyLines.isEmpty() || kinds.contains(OrderFact.Kind.PROVIDER_PROGRESS)) {
            return OrderStatus.PROVISIONING;
        }
        if (kinds.contains(OrderFact.Kind.PROVIDER_DELAYED)) {
            return OrderStatus.AWAITING_PROVIDER;
        }
        if (kinds.contains(OrderFact.Kind.PAYMENT_SUCCEEDED)) {
            return OrderStatus.PAID;
        }
        if (kinds.contains(OrderFact.Kind.PAYMENT_MISMATCH)) {
            return OrderStatus.PAYMENT_MISMATCH;
        }
        if (kinds.contains(OrderFact.Kind.EXPIRED)) {
            return OrderStatus.EXPIRED;
        }
        return OrderStatus.PENDING_PAYMENT;
    }
}
