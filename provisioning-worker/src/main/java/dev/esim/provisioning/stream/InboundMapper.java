package dev.esim.provisioning.stream;

import dev.esim.events.avro.CustomerDataErasureRequested;
import dev.esim.events.avro.DisputeOutcome;
import dev.esim.events.avro.LineCancellationRequested;
import dev.esim.events.avro.OrderEvent;
import dev.esim.events.avro.OrderItem;
import dev.esim.events.avro.OrderPlaced;
import dev.esim.events.avro.PaymentDisputed;
import dev.esim.events.avro.PaymentEvent;
import dev.esim.events.avro.PaymentFailed;
import dev.esim.events.avro.PaymentSucceeded;
import dev.esim.events.avro.ProviderActivationReady;
import dev.esim.events.avro.ProviderEvent;
import dev.esim.events.avro.ProviderOrderFailed;
import dev.esim.events.avro.ProvisioningCheck;
import dev.esim.events.avro.RefundSucceeded;
import dev.esim.events.crypto.FieldCipher;
import dev.esim.provisioning.order.Inbound;
import dev.esim.provisioning.order.Payment;
import dev.esim.provisioning.order.PlacedOrder;
import dev.esim.provisioning.order.PlanSpec;
import dev.esim.provisioning.order.UnprocessableEventException;
import java.util.List;
import org.apache.avro.generic.GenericRecord;

/** Avro at the edge: maps the input envelopes to {@link Inbound} events, decrypting provider LPAs. */
final class InboundMapper {

    private final FieldCipher activationCipher;

    InboundMapper(FieldCipher activationCipher) {
        this.activationCipher = activationCipher;
    }

    /**
     * The event id of an input envelope (every input topic's value has {@code event_id}), without mapping the rest;
     * null for anything else.
     */
    static String eventId(Object value) {
        if (value instanceof GenericRecord record && record.getSchema().getField("event_id") != null) {
            Object id = record.get("event_id");
            return id == null ? null : id.toString();
        }
        return null;
    }

    Inbound map(Object value) {
        if (value instanceof PaymentEvent e) {
            return payment(e);
        }
        if (value instanceof OrderEvent e) {
            return order(e);
        }
        if (value instanceof ProviderEvent e) {
            return provider(e);
        }
        if (value instanceof ProvisioningCheck c) {
            return new Inbound.ClaimCheckDue(c.getEventId(), c.getOrderId(), c.getReference());
        }
        throw new UnprocessableEventException("not an input of the worker: "
                + (value == null ? "null" : value.getClass().getName()));
    }

    private static Inbound payment(PaymentEvent e) {
        Object payload = e.getPayload();
        if (payload instanceof PaymentSucceeded paid) {
            return new Inbound.PaymentSucceeded(e.getEventId(), e.getOrderId(), e.getLivemode(),
                    new Payment(paid.getAmount().getAmountMinor(), paid.getAmount().getCurrency(),
                            paid.getCheckoutSessionId()), paid.getPaymentIntentId());
        }
        if (payload instanceof PaymentFailed f) {
            return new Inbound.PaymentFailed(e.getEventId(), e.getOrderId(), f.getReason());
        }
        if (payload instanceof RefundSucceeded r) {
            return new Inbound.RefundSucceeded(e.getEventId(), e.getOrderId(), r.getRefundId(),
                    r.getAmount().getAmountMinor(), r.getAmount().getCurrency(), r.getPaymentIntentId());
        }
        if (payload instanceof PaymentDisputed d && d.getOutcome() == DisputeOutcome.LOST) {
            // The bank gave the disputed amount back to the payer for good: to the order it is money returned,
            // exactly like a refund (an opened or won dispute moves no money the worker acts on).
            return new Inbound.RefundSucceeded(e.getEventId(), e.getOrderId(), "dispute:" + d.getDisputeId(),
                    d.getAmount().getAmountMinor(), d.getAmount().getCurrency(), d.getPaymentIntentId());
        }
        return new Inbound.Ignored(e.getEventId(), "payment " + e.getGatewayEventType());
    }

    private static Inbound order(OrderEvent e) {
        if (e.getPayload() instanceof OrderPlaced placed) {
            List<PlacedOrder.Item> items = placed.getItems().stream()
                    .map(InboundMapper::item)
                    .toList();
            PlacedOrder.Kind kind = PlacedOrder.Kind.valueOf(placed.getKind().name());
            try {
                return new Inbound.OrderPlaced(e.getEventId(),
                        new PlacedOrder(e.getOrderId(), kind, items, placed.getTopupIccid(),
                                new Payment(placed.getTotal().getAmountMinor(), placed.getTotal().getCurrency(),
                                        placed.getCheckoutSessionId())));
            } catch (IllegalArgumentException invalid) {
                throw new UnprocessableEventException("order " + e.getOrderId() + ": " + invalid.getMessage());
            }
        }
        if (e.getPayload() instanceof CustomerDataErasureRequested) {
            return new Inbound.CustomerDataErased(e.getEventId(), e.getOrderId());
        }
        if (e.getPayload() instanceof LineCancellationRequested r) {
            return new Inbound.LineCancellationRequested(e.getEventId(), e.getOrderId(), r.getIccid(),
                    r.getRequestedBy(), r.getReason());
        }
        // Expiry and cancellation happen before payment; a payment for such an order is refunded by catalog-service.
        return new Inbound.Ignored(e.getEventId(), e.getPayload().getClass().getSimpleName());
    }

    private static PlacedOrder.Item item(OrderItem i) {
        return new PlacedOrder.Item(new PlanSpec(i.getSku(), i.getPlanName(), List.copyOf(i.getCoverage()),
                i.getDataAllowanceMb(), i.getValidityDays()), i.getQuantity());
    }

    private Inbound provider(ProviderEvent e) {
        Object payload = e.getPayload();
        // Events keyed by order id name the line in `reference`; older ones carried the reference as the order id.
        String reference = e.getReference() != null ? e.getReference() : e.getOrderId();
        if (payload instanceof ProviderActivationReady ready) {
            // Ingress encrypted the LPA with this event's id as associated data.
            String lpa = activationCipher.decrypt(ready.getLpa(), e.getEventId());
            return new Inbound.ProviderActivationReady(e.getEventId(), reference, e.getProvider(),
                    ready.getProviderOrderId(), ready.getIccid(), lpa, ready.getValidFrom(),
                    ready.getExpiresAt());
        }
        if (payload instanceof ProviderOrderFailed failed) {
            return new Inbound.ProviderOrderFailed(e.getEventId(), reference, e.getProvider(),
                    failed.getProviderOrderId(), failed.getReason());
        }
        return new Inbound.Ignored(e.getEventId(), "provider " + e.getProviderEventType());
    }
}
