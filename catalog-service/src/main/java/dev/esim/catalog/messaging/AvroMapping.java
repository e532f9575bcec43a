package dev.esim.catalog.messaging;

import dev.esim.catalog.orders.OrderFact;
import dev.esim.catalog.outbox.OutboxEvent;
import dev.esim.catalog.refunds.DisputeDesk;
import dev.esim.events.Topic;
import dev.esim.events.Topics;
import dev.esim.events.avro.ActivationEmailResendRequested;
import dev.esim.events.avro.ActivationEvent;
import dev.esim.events.avro.ActivationReady;
import dev.esim.events.avro.CatalogPlan;
import dev.esim.events.avro.DisputeOutcome;
import dev.esim.events.avro.EncryptedPayload;
import dev.esim.events.avro.LineCancellationRequested;
import dev.esim.events.avro.LineCancelled;
import dev.esim.events.avro.Money;
import dev.esim.events.avro.OrderEvent;
import dev.esim.events.avro.OrderExpired;
import dev.esim.events.avro.OrderItem;
import dev.esim.events.avro.OrderKind;
import dev.esim.events.avro.OrderPlaced;
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
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/** Avro at the edge, both ways: outbox events → contract records; consumed envelopes → order facts. */
final class AvroMapping {

    /** A record ready to send: where, under which key. */
    record Outgoing(Topic<?> topic, String key, SpecificRecord value) {
    }

    /** Payment declines Stripe lets the traveller retry on the same page are not final. */
    static final String ASYNC_PAYMENT_FAILED = "async_payment_failed";

    private AvroMapping() {
    }

    static Outgoing outgoing(OutboxEvent event) {
        if (event instanceof OutboxEvent.OrderPlaced e) {
            OrderPlaced placed = OrderPlaced.newBuilder()
                    .setKind(OrderKind.valueOf(e.kind()))
                    .setItems(e.items().stream().map(i -> OrderItem.newBuilder()
                            .setSku(i.sku())
                            .setPlanName(i.planName())
                            .setQuantity(i.quantity())
                            .setUnitPrice(money(i.unitPriceMinor(), e.currency()))
                            .setCoverage(i.coverage())
                            .setDataAllowanceMb(i.dataAllowanceMb())
                            .setValidityDays(i.validityDays())
                            .setTermsUrl(i.termsUrl())
                            .build()).toList())
                    .setTotal(money(e.totalMinor(), e.currency()))
                    .setCustomerEmail(encrypted(e.customerEmail()))
                    .setCustomerCountry(e.customerCountry())
                    .setTopupIccid(e.topupIccid())
                    .setCheckoutSessionId(e.checkoutSessionId())
                    .setExpiresAt(Instant.ofEpochMilli(e.expiresAt()))
                    .build();
            return new Outgoing(Topics.ORDERS, e.orderId(), orderEvent(e.eventId(), e.occurredAt(), e.orderId(),
                    e.causationId(), placed));
        }
        if (event instanceof OutboxEvent.OrderExpired e) {
            return new Outgoing(Topics.ORDERS, e.orderId(), orderEvent(e.eventId(), e.occurredAt(), e.orderId(),
                    e.causationId(), OrderExpired.newBuilder().setReason(e.reason()).build()));
        }
        if (event instanceof OutboxEvent.ActivationEmailResendRequested e) {
            return new Outgoing(Topics.ORDERS, e.orderId(), orderEvent(e.eventId(), e.occurredAt(), e.orderId(),
                    e.causationId(), ActivationEmailResendRequested.newBuilder()
                            .setRequestedBy(e.requestedBy())
                            .setReason(e.reason())
                            .setCustomerEmail(e.customerEmail() == null ? null : encrypted(e.customerEmail()))
                            .build()));
        }
        if (event instanceof OutboxEvent.LineCancellationRequested e) {
            return new Outgoing(Topics.ORDERS, e.orderId(), orderEvent(e.eventId(), e.occurredAt(), e.orderId(),
                    e.causationId(), LineCancellationRequested.newBuilder()
                            .setIccid(e.iccid())
                            .setRequestedBy(e.requestedBy())
                            .setReason(e.reason())
                            .build()));
        }
        if (event instanceof OutboxEvent.PlanChanged e) {
            return new Outgoing(Topics.CATALOG_PLANS, e.sku(), CatalogPlan.newBuilder()
                    .setEventId(e.eventId())
                    .setOccurredAt(Instant.ofEpochMilli(e.occurredAt()))
                    .setOrderId(null)
                    .setCausationId(e.causationId())
                    .setSku(e.sku())
                    .setName(e.name())
                    .setRegion(e.region())
                    .setCoverage(e.coverage())
                    .setDataAllowanceMb(e.dataAllowanceMb())
                    .setValidityDays(e.validityDays())
                    .setPrice(money(e.priceMinor(), e.currency()))
                    .setActivationMethod(e.activationMethod())
                    .setAvailable(e.available())
                    .setProvider(e.provider())
                    .build());
        }
        throw new IllegalArgumentException("no mapping for " + event.getClass().getName());
    }

    private static OrderEvent orderEvent(String eventId, long occurredAt, String orderId, String causationId,
                                         Object payload) {
        return OrderEvent.newBuilder()
                .setEventId(eventId)
                .setOccurredAt(Instant.ofEpochMilli(occurredAt))
                .setOrderId(orderId)
                .setCausationId(causationId)
                .setPayload(payload)
                .build();
    }

    private static EncryptedPayload encrypted(OutboxEvent.SealedField field) {
        return EncryptedPayload.newBuilder()
                .setKeyId(field.keyId())
                .setCiphertext(ByteBuffer.wrap(field.ciphertext()))
                .build();
    }

    private static Money money(long minor, String currency) {
        return Money.newBuilder().setAmountMinor(minor).setCurrency(currency).build();
    }

    /** A chargeback of the order, opened or decided, as the dispute desk records it. */
    static Optional<DisputeDesk.Dispute> dispute(Object value) {
        if (value instanceof PaymentEvent e && e.getPayload() instanceof PaymentDisputed d) {
            String decision = d.getOutcome() == DisputeOutcome.OPENED ? null
                    : d.getOutcome().name().toLowerCase(java.util.Locale.ROOT);
            return Optional.of(new DisputeDesk.Dispute(d.getDisputeId(), e.getOrderId(), d.getPaymentIntentId(),
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
