package dev.esim.catalog.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.net.ApiResource;
import dev.esim.catalog.reconciliation.GatewayEvent;
import dev.esim.catalog.reconciliation.PaymentGateway;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reconciliation's two reads of Stripe — list events ({@code delivery_success}, {@code types[]},
 * {@code created[gte|lte]}, paged with {@code starting_after}) and retrieve a Checkout Session — as stripe-java raw
 * requests: its authentication, API version header and network retries, with each event's JSON exactly as Stripe
 * rendered it (a typed {@code Event} keeps only what stripe-java's pinned API version models, and a re-delivery must
 * be the event Stripe would have sent).
 */
final class StripeEventsGateway implements PaymentGateway {

    private static final int PAGE_SIZE = 100;
    private static final List<String> SESSION_PAID_EVENTS = List.of("checkout.session.completed",
            "checkout.session.async_payment_succeeded");

    private final StripeClient stripe;
    private final JsonMapper json;
    private final int maxPages;
    private final List<String> eventTypes;

    /** @param eventTypes the event types worth recovering (the ones payment-ingress publishes) */
    StripeEventsGateway(StripeClient stripe, JsonMapper json, int maxPages, List<String> eventTypes) {
        this.stripe = stripe;
        this.json = json;
        this.maxPages = maxPages;
        this.eventTypes = List.copyOf(eventTypes);
    }

    /** Stripe knows which events it failed to deliver: {@code delivery_success=false}. */
    @Override
    public List<GatewayEvent> undeliveredEvents(Instant from, Instant to) {
        return listEvents(eventTypes, from, to, "&delivery_success=false");
    }

    @Override
    public List<GatewayEvent> paymentEvents(String checkoutSessionId, Instant from, Instant to) {
        return listEvents(SESSION_PAID_EVENTS, from, to, "").stream()
                .filter(e -> checkoutSessionId.equals(e.objectId()))
                .toList();
    }

    private List<GatewayEvent> listEvents(List<String> types, Instant from, Instant to, String extra) {
        StringBuilder query = new StringBuilder("limit=" + PAGE_SIZE + extra)
                .append("&").append(enc("created[gte]")).append("=").append(from.getEpochSecond())
                .append("&").append(enc("created[lte]")).append("=").append(to.getEpochSecond());
        for (int i = 0; i < types.size(); i++) {
            query.append("&").append(enc("types[" + i + "]")).append("=").append(enc(types.get(i)));
        }
        List<GatewayEvent> events = new ArrayList<>();
        String startingAfter = null;
        for (int page = 0; page < maxPages; page++) {
            JsonNode list = get("/v1/events?" + query
                    + (startingAfter == null ? "" : "&starting_after=" + enc(startingAfter)));
            JsonNode data = list.path("data");
            for (JsonNode e : data) {
                events.add(new GatewayEvent(e.path("id").asString(), e.path("type").asString(),
                        e.path("data").path("object").path("id").asString(null),
                        Instant.ofEpochSecond(e.path("created").asLong()), json.writeValueAsString(e)));
            }
            if (!list.path("has_more").asBoolean(false) || data.isEmpty()) {
                break;
            }
            startingAfter = events.get(events.size() - 1).id();
        }
        // Stripe lists newest first; re-deliver in the order they happened
        Collections.reverse(events);
        return events;
    }

    @Override
    public CheckoutSession checkoutSession(String id) {
        JsonNode s = get("/v1/checkout/sessions/" + enc(id));
        return new CheckoutSession(s.path("id").asString(), s.path("status").asString(null),
                s.path("payment_status").asString(null));
    }

    private JsonNode get(String pathAndQuery) {
        try {
            return json.readTree(stripe.rawRequest(ApiResource.RequestMethod.GET, pathAndQuery, null).body());
        } catch (StripeException e) {
            // Stripe's error names the request's parameter and code, never card or customer data
            throw new IllegalStateException("gateway GET " + path(pathAndQuery) + " answered HTTP "
                    + e.getStatusCode() + " " + (e.getCode() != null ? e.getCode() : e.getClass().getSimpleName()), e);
        }
    }

    private static String path(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
