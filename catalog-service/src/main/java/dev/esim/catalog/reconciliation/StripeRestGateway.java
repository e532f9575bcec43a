package dev.esim.catalog.reconciliation;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two read-only calls of Stripe's API over the JDK client: list events ({@code delivery_success}, {@code types[]},
 * {@code created[gte|lte]}, paged with {@code starting_after}) and retrieve a Checkout Session.
 *
 * <p>Why not stripe-java, which the checkout uses: re-delivery needs each event's JSON exactly as Stripe rendered
 * it, and stripe-java's typed {@code Event} only keeps what its pinned API version models (payment-ingress reads the
 * raw JSON for the same reason); and the module keeps stripe-java inside the {@code stripe} adapter
 * ({@code ArchitectureTest}). Two GETs with a bearer key are not worth bending either.
 */
final class StripeRestGateway implements PaymentGateway {

    private static final int PAGE_SIZE = 100;

    private final HttpClient http;
    private final URI apiBase;
    private final String apiKey;
    private final Duration timeout;
    private final JsonMapper json;
    private final int maxPages;

    StripeRestGateway(HttpClient http, String apiBase, String apiKey, Duration timeout, JsonMapper json, int maxPages) {
        this.http = http;
        this.apiBase = URI.create(apiBase.replaceAll("/+$", "") + "/");
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.json = json;
        this.maxPages = maxPages;
    }

    @Override
    public List<GatewayEvent> undeliveredEvents(List<String> types, Instant from, Instant to) {
        return listEvents(types, from, to, "&delivery_success=false");
    }

    @Override
    public List<GatewayEvent> events(List<String> types, Instant from, Instant to) {
        return listEvents(types, from, to, "");
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
            JsonNode list = get("v1/events?" + query
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
        JsonNode s = get("v1/checkout/sessions/" + enc(id));
        return new CheckoutSession(s.path("id").asString(), s.path("status").asString(null),
                s.path("payment_status").asString(null));
    }

    private JsonNode get(String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(apiBase.resolve(pathAndQuery))
                .timeout(timeout)
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json")
                .GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("gateway GET " + path(pathAndQuery) + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (response.statusCode() != 200) {
            // Stripe's error body names the parameter and code, never card or customer data
            String code;
            try {
                code = json.readTree(response.body()).path("error").path("code").asString("");
            } catch (RuntimeException notJson) {
                code = "";
            }
            throw new IllegalStateException("gateway GET " + path(pathAndQuery) + " answered HTTP "
                    + response.statusCode() + " " + code);
        }
        return json.readTree(response.body());
    }

    private static String path(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
