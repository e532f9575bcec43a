package dev.esim.ingress.govukpay;

import static dev.esim.ingress.govukpay.GovukPayMessage.invalid;
import static dev.esim.ingress.govukpay.GovukPayMessage.text;

import dev.esim.events.EventIds;
import dev.esim.ingress.event.Envelope;
import dev.esim.ingress.event.Fact;
import dev.esim.ingress.event.Money;
import dev.esim.ingress.event.Normalised;
import java.util.Locale;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Turns a verified GOV.UK Pay message into our payment facts.
 *
 * <p><b>Event ids from the natural key.</b> The id is derived from {@code resource_id + "/" + event_type}, not from
 * the message id: catalog-service's reconciliation rebuilds and re-sends a message it finds missing, under a new
 * message id, and the original may still arrive late — both must dedupe to one event.
 *
 * <p><b>References.</b> GOV.UK Pay accounts are per service and catalog-service creates every payment of ours with
 * {@code reference} = the order id, so a reference that is not shaped like one of our order ids is a fault to see
 * (400, counted as rejected; GOV.UK Pay shows the failed delivery too), not a foreign payment to wave through — unlike
 * Stripe, where an account may be shared with other integrations and an object without our order id is ignored.
 */
final class GovukPayNormaliser {

    /** Our order ids, as catalog-service mints them ({@code Checkout}) and its orders API accepts them. */
    private static final Pattern ORDER_ID = Pattern.compile("ord_[0-9a-f]{32}");
    /** GOV.UK Pay's payment and refund ids are short alphanumeric strings; a payment id goes into an API path. */
    private static final Pattern GATEWAY_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** GOV.UK Pay takes pounds only. */
    private static final String CURRENCY = "GBP";

    private final boolean live;
    private final PaymentReferences payments;

    GovukPayNormaliser(boolean live, PaymentReferences payments) {
        this.live = live;
        this.payments = payments;
    }

    Normalised normalise(GovukPayMessage message, byte[] body) {
        return switch (message.eventType()) {
            case "card_payment_succeeded" -> succeeded(message, body);
            case "card_payment_failed", "card_payment_expired" -> failed(message, body);
            case "card_payment_refunded" -> refunded(message, body);
            // started: nothing decided yet; captured and settled: money movements after the success we published
            default -> new Normalised.Ignore(GovukPayWebhook.SOURCE, message.eventType(), "event_type_not_handled");
        };
    }

    private Normalised succeeded(GovukPayMessage message, byte[] body) {
        requireResourceType(message, "payment");
        JsonNode payment = message.resource();
        String paymentId = paymentId(message);
        String orderId = orderId(text(payment, "reference"), "payment's resource.reference");
        Money amount = pence(payment, "amount");
        return publish(message, body, orderId, new Fact.PaymentSucceeded(amount, paymentId, paymentId));
    }

    /** Declined, cancelled on the payment page, or expired: the reason is GOV.UK Pay's code (P0010, P0030, P0020). */
    private Normalised failed(GovukPayMessage message, byte[] body) {
        requireResourceType(message, "payment");
        JsonNode payment = message.resource();
        String paymentId = paymentId(message);
        String orderId = orderId(text(payment, "reference"), "payment's resource.reference");
        JsonNode state = payment.get("state");
        String code = state != null && state.isObject() ? text(state, "code") : null;
        // the code only explains the failure; without one the event type still says what happened
        String reason = code != null ? code : message.eventType();
        return publish(message, body, orderId, new Fact.PaymentFailed(reason, paymentId, paymentId));
    }

    /**
     * A refund names the payment it returns money from, but not the payment's reference: GOV.UK Pay's API is asked
     * for it, off the event loop ({@link Normalised.Deferred}). A payment the API does not know (404) is refused:
     * the message was signed for our account, so its payment must exist there — most likely the API key belongs to
     * another account or mode, which must be fixed, after which GOV.UK Pay's retries (or reconciliation) deliver it.
     */
    private Normalised refunded(GovukPayMessage message, byte[] body) {
        requireResourceType(message, "refund");
        JsonNode refund = message.resource();
        String refundId = consistentId(message, "refund_id");
        String status = text(refund, "status");
        if (status != null && !"success".equalsIgnoreCase(status)) {
            return new Normalised.Ignore(GovukPayWebhook.SOURCE, message.eventType(),
                    "refund_status_" + status.toLowerCase(Locale.ROOT));
        }
        Money amount = pence(refund, "amount");
        String paymentId = refundedPaymentId(refund);
        Fact fact = new Fact.RefundSucceeded(refundId, amount, paymentId);
        return new Normalised.Deferred(GovukPayWebhook.SOURCE, message.eventType(), () -> {
            String reference = payments.referenceOf(paymentId).orElseThrow(() ->
                    invalid("The refunded payment is unknown to GOV.UK Pay's API"));
            return publish(message, body, orderId(reference, "refunded payment's reference"), fact);
        });
    }

    private Normalised publish(GovukPayMessage message, byte[] body, String orderId, Fact fact) {
        Envelope envelope = new Envelope(
                EventIds.derive(GovukPayWebhook.SOURCE, message.resourceId() + "/" + message.eventType()),
                message.createdDate(),
                orderId,
                message.id(),
                GovukPayWebhook.SOURCE,
                message.eventType(),
                live,
                body,
                fact,
                orderId);
        return new Normalised.Publish(envelope);
    }

    private static void requireResourceType(GovukPayMessage message, String expected) {
        if (!expected.equals(message.resourceType())) {
            throw invalid("GOV.UK Pay message " + message.eventType() + " must have resource_type " + expected);
        }
    }

    private static String paymentId(GovukPayMessage message) {
        return consistentId(message, "payment_id");
    }

    /** The resource's own id field, which (when present) must be the message's {@code resource_id}. */
    private static String consistentId(GovukPayMessage message, String field) {
        String own = text(message.resource(), field);
        if (own != null && !own.equals(message.resourceId())) {
            throw invalid("GOV.UK Pay message has a resource." + field + " other than its resource_id");
        }
        return gatewayId(message.resourceId(), "resource_id");
    }

    /** {@code payment_id} of the refund, else the last segment of its {@code _links.payment.href}. */
    private static String refundedPaymentId(JsonNode refund) {
        String paymentId = text(refund, "payment_id");
        if (paymentId == null) {
            JsonNode links = refund.get("_links");
            JsonNode payment = links != null && links.isObject() ? links.get("payment") : null;
            String href = payment != null && payment.isObject() ? text(payment, "href") : null;
            paymentId = href == null ? null : href.substring(href.lastIndexOf('/') + 1);
        }
        if (paymentId == null || paymentId.isEmpty()) {
            throw invalid("GOV.UK Pay refund names no payment_id");
        }
        return gatewayId(paymentId, "resource.payment_id");
    }

    private static String gatewayId(String id, String field) {
        if (!GATEWAY_ID.matcher(id).matches()) {
            throw invalid("GOV.UK Pay message has a malformed " + field);
        }
        return id;
    }

    private static String orderId(String reference, String what) {
        if (reference == null) {
            throw invalid("GOV.UK Pay payment lacks resource.reference");
        }
        if (!ORDER_ID.matcher(reference).matches()) {
            throw invalid("GOV.UK Pay " + what + " is not one of our order ids");
        }
        return reference;
    }

    /** A positive whole number of pence: a fraction, zero or a negative amount is refused, not rounded. */
    private static Money pence(JsonNode resource, String field) {
        JsonNode amount = resource.get(field);
        long pence;
        try {
            pence = amount != null && amount.isNumber() ? amount.decimalValue().longValueExact() : 0;
        } catch (RuntimeException e) { // a fraction, beyond a long, or not finite
            pence = 0;
        }
        if (pence <= 0) {
            throw invalid("GOV.UK Pay resource." + field + " must be a positive whole number of pence");
        }
        return new Money(pence, CURRENCY);
    }
}
