package dev.esim.catalog.orders;

import java.time.Instant;
import java.util.Objects;

/**
 * One thing an event told us about an order, as the projection needs it. Facts are deduplicated by
 * {@link #eventId()}: the same event delivered twice is one fact.
 *
 * @param iccid            for {@link Kind#LINE_READY}: the line that became ready (counts towards the order's units)
 * @param paymentIntentId  for {@link Kind#PAYMENT_SUCCEEDED}: what a refund is made against; for
 *                         {@link Kind#REFUNDED}: the payment refunded
 * @param paid             for {@link Kind#PAYMENT_SUCCEEDED}: what was paid, in which session (compared with the order)
 * @param provider         for {@link Kind#LINE_READY}: the provider that issued the line (the worker may have failed
 *                         over from the primary); its usage and top-ups are asked there
 * @param sku              for {@link Kind#LINE_READY}: the line's plan (what cancelling it alone gives back)
 */
record OrderFact(String eventId, String orderId, Kind kind, String iccid, String paymentIntentId,
                        Instant occurredAt, Paid paid, String provider, String sku) {

    /** @param checkoutSessionId null when the gateway event does not name its session */
    public record Paid(long amountMinor, String currency, String checkoutSessionId) {
    }

    public enum Kind {
        /** We expired the unpaid order (OrderExpired). */
        EXPIRED,
        /** The gateway confirmed the payment (PaymentSucceeded) and it matches the order. */
        PAYMENT_SUCCEEDED,
        /** A payment naming the order that does not match it (amount, currency, session), as we or the worker saw. */
        PAYMENT_MISMATCH,
        /** A decline the traveller can still retry on the checkout page: no status change. */
        PAYMENT_DECLINED,
        /** A payment that cannot succeed any more in this session (e.g. async payment failed). */
        PAYMENT_FAILED,
        /** The worker parked a line: its provider cannot serve it now (ProvisioningDelayed). */
        PROVIDER_DELAYED,
        /** The provider reported progress on the order (async activation under way, failover). */
        PROVIDER_PROGRESS,
        /** A line (or a top-up) is ready: ActivationReady / TopUpApplied. */
        LINE_READY,
        /** The worker cancelled a line at its provider (LineCancelled): no change to the order's status. */
        LINE_CANCELLED,
        /** The worker gave up: ProvisioningFailed. */
        PROVISIONING_FAILED,
        /** The gateway confirmed a refund (RefundSucceeded) and the order's refunds add up to its whole total. */
        REFUNDED,
        /** A refund of part of the order (a goodwill gesture): recorded, no change to the order's status. */
        PARTIALLY_REFUNDED,
        /** The refund of a mismatched payment, sent back: never the order's money, so no change to its status. */
        PAYMENT_RETURNED
    }

    public OrderFact {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    /** A fact that names no plan. */
    public OrderFact(String eventId, String orderId, Kind kind, String iccid, String paymentIntentId,
                     Instant occurredAt, Paid paid, String provider) {
        this(eventId, orderId, kind, iccid, paymentIntentId, occurredAt, paid, provider, null);
    }

    /** A fact that names no provider nor plan. */
    public OrderFact(String eventId, String orderId, Kind kind, String iccid, String paymentIntentId,
                     Instant occurredAt, Paid paid) {
        this(eventId, orderId, kind, iccid, paymentIntentId, occurredAt, paid, null, null);
    }

    /** The same fact under another kind. */
    public OrderFact as(Kind other) {
        return new OrderFact(eventId, orderId, other, iccid, paymentIntentId, occurredAt, paid, provider, sku);
    }

    public static OrderFact of(String eventId, String orderId, Kind kind, Instant occurredAt) {
        return new OrderFact(eventId, orderId, kind, null, null, occurredAt, null);
    }
}
