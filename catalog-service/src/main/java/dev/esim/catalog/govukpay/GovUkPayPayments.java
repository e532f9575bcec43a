package dev.esim.catalog.govukpay;

import dev.esim.catalog.reconciliation.GatewayEvent;
import dev.esim.catalog.reconciliation.PaymentGateway;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What reconciliation reads of GOV.UK Pay. GOV.UK Pay's public API does not say which webhook messages it failed to
 * deliver, so the messages are rebuilt from what it does say — a payment's current state, the refunds that
 * succeeded — in the shape GOV.UK Pay sends them ({@code id}, {@code resource_id}, {@code resource_type},
 * {@code event_type}, {@code resource}). payment-ingress derives the event id from {@code resource_id} and
 * {@code event_type}, so a rebuilt message and the original, whenever it comes, are one event.
 *
 * <ul>
 *   <li>{@link #undeliveredEvents}: every refund that succeeded in the window, as {@code card_payment_refunded}
 *       (each goes to payment-ingress once; an order already refunded ignores the duplicate);</li>
 *   <li>{@link #paymentEvents}: a payment in state {@code success}, as {@code card_payment_succeeded}.</li>
 * </ul>
 */
final class GovUkPayPayments implements PaymentGateway {

    private static final int PAGE_SIZE = 500;

    private final GovUkPayApi api;
    private final JsonMapper json;
    private final int maxPages;

    GovUkPayPayments(GovUkPayApi api, JsonMapper json, int maxPages) {
        this.api = api;
        this.json = json;
        this.maxPages = maxPages;
    }

    @Override
    public List<GatewayEvent> undeliveredEvents(Instant from, Instant to) {
        List<GatewayEvent> events = new ArrayList<>();
        for (int page = 1; page <= maxPages; page++) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("from_date", from.truncatedTo(ChronoUnit.SECONDS).toString());
            query.put("to_date", to.truncatedTo(ChronoUnit.SECONDS).toString());
            query.put("state", "success");
            query.put("page", String.valueOf(page));
            query.put("display_size", String.valueOf(PAGE_SIZE));
            JsonNode results = api.get("/v1/refunds", query).path("results");
            for (JsonNode refund : results) {
                events.add(message("refund", refund.path("refund_id").asString(), "card_payment_refunded", refund));
            }
            if (results.size() < PAGE_SIZE) {
                break;
            }
        }
        return events;
    }

    @Override
    public List<GatewayEvent> paymentEvents(String paymentId, Instant from, Instant to) {
        JsonNode payment = api.get("/v1/payments/" + GovUkPayApi.enc(paymentId));
        if (!"success".equals(payment.path("state").path("status").asString())) {
            return List.of();
        }
        return List.of(message("payment", paymentId, "card_payment_succeeded", payment));
    }

    /** A GOV.UK Pay payment in Stripe's session words: success = complete/paid, finished otherwise = expired. */
    @Override
    public CheckoutSession checkoutSession(String paymentId) {
        JsonNode state = api.get("/v1/payments/" + GovUkPayApi.enc(paymentId)).path("state");
        String status = state.path("status").asString();
        if ("success".equals(status)) {
            return new CheckoutSession(paymentId, "complete", "paid");
        }
        return new CheckoutSession(paymentId, state.path("finished").asBoolean(false) ? "expired" : "open",
                "unpaid");
    }

    private GatewayEvent message(String resourceType, String resourceId, String eventType, JsonNode resource) {
        Instant created = Instant.parse(resource.path("created_date").asString());
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", "reconciliation-" + resourceId + "-" + eventType);
        message.put("api_version", 1);
        message.put("created_date", created.toString());
        message.put("resource_id", resourceId);
        message.put("resource_type", resourceType);
        message.put("event_type", eventType);
        message.put("resource", resource);
        return new GatewayEvent((String) message.get("id"), eventType, resourceId, created,
                json.writeValueAsString(message));
    }
}
