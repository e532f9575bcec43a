package dev.esim.catalog.orders;

import dev.esim.events.avro.ActivationEvent;
import dev.esim.events.avro.ActivationReady;
import dev.esim.events.avro.DisputeOutcome;
import dev.esim.events.avro.LineCancelled;
import dev.esim.events.avro.PaymentDisputed;
import dev.esim.events.avro.PaymentEvent;
import dev.esim.events.avro.PaymentFailed;
import dev.esim.events.avro.PaymentSucceeded;
import dev.esim.events.avro.ProviderActivationReady;
import dev.esim.events.avro.ProviderEvent;
import dev.esim.events.avro.ProviderOrderFailed;
import dev.esim.events.avro.ProvisioningDelayed;
import dev.esim.events.avro.ProvisioningFailed;
import dev.esim.events.avro.RefundSucceeded;
import dev.esim.events.avro.TopUpApplied;
import java.util.Optional;

/**
 * Avro at the edge: what a consumed envelope (payments, activations, provider events) tells about an order — a fact
 * for its status, a chargeback for the {@link Disputes}, a provider out of stock.
 */
final class AvroOrderFacts {

    /** Payment declines Stripe lets the traveller retry on the same page are not final. */
    static final String ASYNC_PAYMENT_FAILED = "async_payment_failed";

    private AvroOrderFacts() {
    }

    /** A chargeback of the order, opened or decided, as the dispute desk records it. */
    static Optional<Disputes.Dispute> dispute(Object value) {
        if (value instanceof PaymentEvent e && e.getPayload() instanceof PaymentDisputed d) {
            String decision = d.getOutcome() == DisputeOutcome.OPENED ? null
                    : d.getOutcome().name().toLowerCase(java.util.Locale.ROOT);
            return Optional.of(new Disputes.Dispute(d.getDisputeId(), e.getOrderId(), d.getPaymentIntentId(),
                    d.getAmount().getAmountMinor(), d.getAmount().getCurrency(), d.getReason(), e.getOccurredAt(),
                    decision));
        }
        return Optional.empty();
    }

    /** The worker's {@code ProvisioningFailed} reason for a payment that does not match its order. */
    static final String PAYMENT_MISMATCH = "payment_mismatch";
    /** The worker's {@code ProvisioningFailed} reason for a top-up whose money went back before it was applied. */
    static final String REFUNDED = "refunded";

    /** What a consumed event means for the order's status; empty when it does not concern the status. */
    static Optional<OrderFact> fact(Object value) {
        if (value instanceof PaymentEvent e) {
            Object p = e.getPayload();
            if (p instanceof PaymentSucceeded s) {
                return Optional.of(new OrderFact(e.getEventId(), e.getOrderId(), OrderFact.Kind.PAYMENT_SUCCEEDED,
                        null, s.getPaymentIntentId(), e.getOccurredAt(), new OrderFact.Paid(
                        s.getAmount().getAmountMinor(), s.getAmount().getCurrency(), s.getCheckoutSessionId())));
            }
            if (p instanceof PaymentFailed f) {
                return Optional.of(OrderFact.of(e.getEventId(), e.getOrderId(),
                        ASYNC_PAYMENT_FAILED.equals(f.getReason()) ? OrderFact.Kind.PAYMENT_FAILED
                                : OrderFact.Kind.PAYMENT_DECLINED, e.getOccurredAt()));
            }
            if (p instanceof RefundSucceeded r) {
                // Whether this refund completes the order (refunded) or is partial is decided against the order.
                return Optional.of(new OrderFact(e.getEventId(), e.getOrderId(), OrderFact.Kind.REFUNDED, null,
                        r.getPaymentIntentId(),
                        e.getOccurredAt(), new OrderFact.Paid(r.getAmount().getAmountMinor(),
                        r.getAmount().getCurrency(), null)));
            }
            if (p instanceof PaymentDisputed d && d.getOutcome() == DisputeOutcome.LOST) {
                // a chargeback the bank decided against us: the disputed amount went back to the payer, as a refund
                return Optional.of(new OrderFact(e.getEventId(), e.getOrderId(), OrderFact.Kind.REFUNDED, null,
                        d.getPaymentIntentId(), e.getOccurredAt(), new OrderFact.Paid(d.getAmount().getAmountMinor(),
                        d.getAmount().getCurrency(), null)));
            }
            return Optional.empty();
        }
        if (value instanceof ActivationEvent e) {
            Object p = e.getPayload();
            if (p instanceof ActivationReady r) {
                return Optional.of(new OrderFact(e.getEventId(), e.getOrderId(), OrderFact.Kind.LINE_READY,
                        r.getIccid(), null, e.getOccurredAt(), null, r.getProvider(), r.getSku()));
            }
            if (p instanceof TopUpApplied t) {
                return Optional.of(new OrderFact(e.getEventId(), e.getOrderId(), OrderFact.Kind.LINE_READY,
                        t.getIccid(), null, e.getOccurredAt(), null, t.getProvider(), t.getSku()));
            }
            if (p instanceof LineCancelled c) {
                return Optional.of(new OrderFact(e.getEventId(), e.getOrderId(), OrderFact.Kind.LINE_CANCELLED,
                        c.getIccid(), null, e.getOccurredAt(), null, c.getProvider()));
            }
            if (p instanceof ProvisioningFailed f && REFUNDED.equals(f.getReasonCode())) {
                // A top-up refunded while it waited for its provider, never applied: its refund already settled it.
                return Optional.empty();
            }
            if (p instanceof ProvisioningFailed f) {
                // The worker refused a payment that does not match the order: nothing was attempted to provision.
                return Optional.of(OrderFact.of(e.getEventId(), e.getOrderId(),
                        PAYMENT_MISMATCH.equals(f.getReasonCode()) ? OrderFact.Kind.PAYMENT_MISMATCH
                                : OrderFact.Kind.PROVISIONING_FAILED, e.getOccurredAt()));
            }
            if (p instanceof ProvisioningDelayed) {
                return Optional.of(OrderFact.of(e.getEventId(), e.getOrderId(), OrderFact.Kind.PROVIDER_DELAYED,
                        e.getOccurredAt()));
            }
            return Optional.empty(); // ProviderBalanceLow: nothing about an order
        }
        if (value instanceof ProviderEvent e) {
            Object p = e.getPayload();
            if (p instanceof ProviderActivationReady || p instanceof ProviderOrderFailed) {
                return Optional.of(OrderFact.of(e.getEventId(), e.getOrderId(), OrderFact.Kind.PROVIDER_PROGRESS,
                        e.getOccurredAt()));
            }
            return Optional.empty();
        }
        throw new IllegalArgumentException("not an input of catalog-service: "
                + (value == null ? "null" : value.getClass().getName()));
    }

    /** The provider is out of a plan: worth refreshing the catalogue so we stop selling it. */
    static boolean signalsOutOfStock(Object value) {
        if (value instanceof ActivationEvent e && e.getPayload() instanceof ProvisioningFailed f) {
            return "out_of_stock".equals(f.getReasonCode());
        }
        return false;
    }
}
