package dev.esim.provisioning.order;

import java.time.Instant;
import java.util.Objects;

/** The input events the worker acts on, already mapped from Avro and decrypted by the messaging adapter. */
public sealed interface Inbound {

    /** Id of the input event: the cause of whatever the worker publishes in reaction to it. */
    String eventId();

    record OrderPlaced(String eventId, PlacedOrder order) implements Inbound {
        public OrderPlaced {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(order, "order");
        }
    }

    /**
     * The gateway authorised or captured a payment naming this order: the only event that may lead to provisioning,
     * and only when {@code payment} matches what the order expects. {@code paymentIntentId} names the money (null when
     * the event does not), so a later refund can be told apart: the order's payment, or a mismatched one sent back.
     */
    record PaymentSucceeded(String eventId, String orderId, boolean livemode, Payment payment, String paymentIntentId)
            implements Inbound {
        public PaymentSucceeded {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(orderId, "orderId");
            Objects.requireNonNull(payment, "payment");
        }
    }

    record PaymentFailed(String eventId, String orderId, String reason) implements Inbound {
    }

    /**
     * The gateway refunded {@code amountMinor} of the order's payment (one refund; an order may have several, and only
     * refunds that add up to the whole order cancel its lines). {@code paymentIntentId} is the payment refunded, null
     * when the event does not say. A chargeback the payer's bank decided against us is money returned too: it arrives
     * as a refund named {@code dispute:<dispute id>}.
     */
    record RefundSucceeded(String eventId, String orderId, String refundId, long amountMinor, String currency,
                           String paymentIntentId) implements Inbound {
        public RefundSucceeded {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(orderId, "orderId");
            Objects.requireNonNull(refundId, "refundId");
        }
    }

    /**
     * Support asks to cancel one unused line of {@code orderId}, the one with {@code iccid}; {@code requestedBy} is the
     * operator. {@code reason} is the operator's free text: it may hold personal data, so it is never logged.
     */
    record LineCancellationRequested(String eventId, String orderId, String iccid, String requestedBy, String reason)
            implements Inbound {
        public LineCancellationRequested {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(orderId, "orderId");
            Objects.requireNonNull(iccid, "iccid");
        }

        @Override
        public String toString() {
            return "LineCancellationRequested[eventId=" + eventId + ", orderId=" + orderId + ", iccid=" + iccid
                    + ", requestedBy=" + requestedBy + ", reason=<redacted>]";
        }
    }

    /**
     * An async provider finished allocating a line. {@code reference} is what we sent as the provider's reference (the
     * order id, or {@code <order id>/<n>} for further lines of one order).
     */
    record ProviderActivationReady(String eventId, String reference, String provider, String providerOrderId,
                                   String iccid, String lpa, Instant validFrom, Instant expiresAt) implements Inbound {
        public ProviderActivationReady {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(iccid, "iccid");
            Objects.requireNonNull(lpa, "lpa");
        }

        @Override
        public String toString() {
            return "ProviderActivationReady[eventId=" + eventId + ", reference=" + reference + ", provider=" + provider
                    + ", providerOrderId=" + providerOrderId + ", iccid=" + iccid + ", lpa=<redacted>]";
        }
    }

    record ProviderOrderFailed(String eventId, String reference, String provider, String providerOrderId,
                               String reason) implements Inbound {
        public ProviderOrderFailed {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(reference, "reference");
        }
    }

    /**
     * The worker's own timer: the claim {@code reference} of order {@code orderId} is due to be looked at again
     * (published by the worker's check sweep on {@code esim.provisioning-checks.v1}).
     */
    record ClaimCheckDue(String eventId, String orderId, String reference) implements Inbound {
        public ClaimCheckDue {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(orderId, "orderId");
            Objects.requireNonNull(reference, "reference");
        }
    }

    /**
     * Support erased the customer's data of {@code orderId} ({@code esim-ops erase}): the worker forgets the activation
     * codes of the order's lines whose outcome it has published (nothing else of the order is personal data).
     */
    record CustomerDataErased(String eventId, String orderId) implements Inbound {
        public CustomerDataErased {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(orderId, "orderId");
        }
    }

    /**
     * Events on our input topics that are not the worker's business (line alerts, expiries): acknowledged, no effect.
     */
    record Ignored(String eventId, String what) implements Inbound {
    }
}
