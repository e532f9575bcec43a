package dev.esim.ingress.stripe;

import static dev.esim.ingress.stripe.JsonFields.nonBlank;
import static dev.esim.ingress.stripe.JsonFields.object;
import static dev.esim.ingress.stripe.JsonFields.present;
import static dev.esim.ingress.stripe.JsonFields.string;

import dev.esim.events.EventIds;
import dev.esim.ingress.event.Envelope;
import dev.esim.ingress.event.Fact;
import dev.esim.ingress.event.Money;
import dev.esim.ingress.event.Normalised;
import dev.esim.ingress.event.WebhookRejected;
import dev.esim.ingress.event.WebhookRejected.Reason;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * Turns a verified Stripe event into our payment facts.
 *
 * <p><b>API versions.</b> Stripe renders {@code data.object} in the API version of the webhook endpoint, which need
 * not be the version this stripe-java build is pinned to; then {@code EventDataObjectDeserializer.getObject()} is
 * empty. We deliberately do not depend on the typed object at all: we read the handful of fields we need
 * ({@code id}, {@code metadata}, {@code client_reference_id}, {@code payment_status}, {@code amount_*},
 * {@code currency}, {@code payment_intent}, {@code status}, {@code last_payment_error}) from the raw JSON, where they
 * have had the same shape in every API version. A mismatch is reported to the listener (metric + log) so that an
 * endpoint left on an old version is noticed, but no event is lost or refused because of it.
 */
final class StripeNormaliser {

    private final StripeWebhook.ApiVersionMismatchListener listener;
    private final PaymentIntentOrders orders;
    private final PinnedApiVersion pinned = new PinnedApiVersion();

    StripeNormaliser(StripeWebhook.ApiVersionMismatchListener listener, PaymentIntentOrders orders) {
        this.listener = listener;
        this.orders = orders;
    }

    Normalised normalise(StripeEvent event, byte[] body) {
        String type = event.type();
        if (listener != null && !pinned.typedObjectAvailable(event.apiVersion())) {
            listener.mismatch(type, String.valueOf(event.apiVersion()));
        }
        JsonNode object = event.object();
        return switch (type) {
            case "checkout.session.completed" -> "paid".equals(string(object, "payment_status"))
                    ? publish(event, body, checkoutOrderId(object), checkoutSucceeded(object))
                    // unpaid = an async payment method still pending: the outcome comes as async_payment_*
                    : ignore(type, "payment_status_" + string(object, "payment_status"));
            case "checkout.session.async_payment_succeeded" ->
                    publish(event, body, checkoutOrderId(object), checkoutSucceeded(object));
            case "checkout.session.async_payment_failed" -> publish(event, body, checkoutOrderId(object),
                    new Fact.PaymentFailed("async_payment_failed", requireString(object, "id"),
                            idOf(object, "payment_intent")));
            case "payment_intent.succeeded" -> publish(event, body, metadataOrderId(object),
                    new Fact.PaymentSucceeded(money(object, firstPresent(object, "amount_received", "amount")),
                            null, requireString(object, "id")));
            case "payment_intent.payment_failed" -> publish(event, body, metadataOrderId(object),
                    new Fact.PaymentFailed(declineReason(object), null, requireString(object, "id")));
            case "charge.refunded" -> chargeRefunded(event, body, object);
            case "refund.created", "refund.updated" -> "succeeded".equals(string(object, "status"))
                    ? publish(event, body, metadataOrderId(object), new Fact.RefundSucceeded(
                            requireString(object, "id"), money(object, "amount"), idOf(object, "payment_intent")))
                    : ignore(type, "refund_status_" + string(object, "status"));
            case "charge.dispute.created" -> dispute(event, body, object, Fact.DisputeOutcome.OPENED);
            case "charge.dispute.closed" -> switch (String.valueOf(string(object, "status"))) {
                case "won" -> dispute(event, body, object, Fact.DisputeOutcome.WON);
                case "lost" -> dispute(event, body, object, Fact.DisputeOutcome.LOST);
                default -> ignore(type, "dispute_status_" + string(object, "status"));
            };
            default -> ignore(type, "event_type_not_handled");
        };
    }

    /**
     * A charge can be refunded in several steps, each its own refund object. Since API 2022-11-15 the charge no longer
     * embeds its refunds: without one we cannot tell which refund this is, and the {@code refund.*} event that names
     * it publishes it instead. With one, it is the newest refund, with that refund's own amount.
     */
    private Normalised chargeRefunded(StripeEvent event, byte[] body, JsonNode charge) {
        JsonNode refunds = object(charge, "refunds");
        JsonNode data = refunds == null ? null : refunds.get("data");
        if (data == null || !data.isArray() || data.isEmpty() || !data.get(0).isObject()) {
            return ignore(event.type(), "refund_announced_by_refund_events");
        }
        JsonNode newest = data.get(0);
        String orderId = metadataOrderId(charge);
        if (orderId == null) {
            orderId = metadataOrderId(newest);
        }
        return publish(event, body, orderId, new Fact.RefundSucceeded(requireString(newest, "id"),
                money(newest, "amount"), idOf(charge, "payment_intent")));
    }

    /**
     * A dispute (chargeback). An inquiry ({@code warning_*} statuses) moves no money and is not published. The dispute
     * names only the payment it contests, so unless it carries our order id itself, the PaymentIntent is asked for it
     * — a call to Stripe, made off the event loop ({@link Normalised.Deferred}).
     */
    private Normalised dispute(StripeEvent event, byte[] body, JsonNode dispute, Fact.DisputeOutcome outcome) {
        String status = string(dispute, "status");
        if (status != null && status.startsWith("warning_")) {
            return ignore(event.type(), "inquiry_moves_no_money");
        }
        String paymentIntentId = idOf(dispute, "payment_intent");
        Fact fact = new Fact.PaymentDisputed(requireString(dispute, "id"), outcome, money(dispute, "amount"),
                reason(dispute), paymentIntentId);
        String orderId = metadataOrderId(dispute);
        if (orderId != null && !orderId.isBlank()) {
            return publish(event, body, orderId, fact);
        }
        if (paymentIntentId == null || paymentIntentId.isBlank()) {
            return ignore(event.type(), "no_payment_intent");
        }
        return new Normalised.Deferred(StripeWebhook.SOURCE, event.type(), () -> orders.orderOf(paymentIntentId)
                .map(order -> publish(event, body, order, fact))
                .orElseGet(() -> ignore(event.type(), "no_order_id")));
    }

    private static String reason(JsonNode dispute) {
        String reason = string(dispute, "reason");
        return reason == null || reason.isBlank() ? "unknown" : reason;
    }

    private static Normalised publish(StripeEvent event, byte[] body, String orderId, Fact fact) {
        if (orderId == null || orderId.isBlank()) {
            // Another integration on the same Stripe account (or a manual dashboard action): not one of our orders.
            return ignore(event.type(), "no_order_id");
        }
        Envelope envelope = new Envelope(
                eventId(event, fact),
                Instant.ofEpochSecond(event.created()),
                orderId,
                event.id(),
                StripeWebhook.SOURCE,
                event.type(),
                event.livemode(),
                body,
                fact,
                orderId);
        return new Normalised.Publish(envelope);
    }

    /**
     * Our id for the event: derived from Stripe's event id — except for a refund, which several Stripe events
     * announce ({@code refund.created}, {@code refund.updated}, {@code charge.refunded}): its id is derived from the
     * refund id, so one gateway refund is one {@code RefundSucceeded} (one e-mail, one cancellation) however it was
     * announced. Likewise a dispute's outcome is derived from the dispute id and the outcome.
     */
    static String eventId(StripeEvent event, Fact fact) {
        if (fact instanceof Fact.RefundSucceeded refund) {
            return EventIds.derive(StripeWebhook.SOURCE, "refund:" + refund.refundId());
        }
        if (fact instanceof Fact.PaymentDisputed dispute) {
            return EventIds.derive(StripeWebhook.SOURCE, "dispute:" + dispute.disputeId() + ":" + dispute.outcome());
        }
        return EventIds.derive(StripeWebhook.SOURCE, event.id());
    }

    private static Normalised ignore(String type, String reason) {
        return new Normalised.Ignore(StripeWebhook.SOURCE, type, reason);
    }

    private static Fact.PaymentSucceeded checkoutSucceeded(JsonNode session) {
        return new Fact.PaymentSucceeded(money(session, "amount_total"), requireString(session, "id"),
                idOf(session, "payment_intent"));
    }

    /** Checkout Sessions carry our order id as {@code client_reference_id}, and as {@code metadata.order_id}. */
    private static String checkoutOrderId(JsonNode session) {
        String reference = nonBlank(session, "client_reference_id");
        return reference != null ? reference : metadataOrderId(session);
    }

    private static String metadataOrderId(JsonNode object) {
        JsonNode metadata = object(object, "metadata");
        return metadata == null ? null : string(metadata, "order_id");
    }

    private static String declineReason(JsonNode intent) {
        JsonNode error = object(intent, "last_payment_error");
        if (error != null) {
            String decline = string(error, "decline_code");
            if (decline != null) {
                return decline;
            }
            String code = string(error, "code");
            if (code != null) {
                return code;
            }
        }
        return "payment_failed";
    }

    private static Money money(JsonNode object, String amountField) {
        JsonNode amount = object.get(amountField);
        String currency = string(object, "currency");
        if (amount == null || !amount.isNumber() || currency == null) {
            throw new WebhookRejected(Reason.VALIDATION_ERROR, "Stripe object lacks " + amountField + " or currency");
        }
        try {
            // amounts are whole numbers of the currency's minor unit: a fraction is refused, not truncated
            return new Money(amount.decimalValue().longValueExact(), currency);
        } catch (RuntimeException e) {
            throw new WebhookRejected(Reason.VALIDATION_ERROR, "Stripe object has an invalid " + amountField
                    + " or currency");
        }
    }

    private static String firstPresent(JsonNode object, String first, String second) {
        return present(object, first) ? first : second;
    }

    /** An id field that is a plain id, or an expanded object carrying one. */
    private static String idOf(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value != null && value.isObject()) {
            return string(value, "id");
        }
        return string(object, field);
    }

    private static String requireString(JsonNode object, String field) {
        String value = nonBlank(object, field);
        if (value == null) {
            throw new WebhookRejected(Reason.VALIDATION_ERROR, "Stripe object lacks " + field);
        }
        return value;
    }
}
