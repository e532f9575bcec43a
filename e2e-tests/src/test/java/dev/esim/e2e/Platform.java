package dev.esim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.esim.localstack.LocalStack;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The platform as its users see it: catalog-service's API, the sandbox's checkout page and admin API, ingress's
 * webhook endpoint, the mail catcher's inbox and the Kafka topics. Nothing here reaches into a service.
 */
final class Platform implements AutoCloseable {

    static final String CATALOG = "http://localhost:" + LocalStack.CATALOG_PORT;
    static final String SANDBOX = "http://localhost:" + LocalStack.SANDBOX_PORT;
    static final String INGRESS = "http://localhost:" + LocalStack.INGRESS_PORT;
    static final String MAIL_API = "http://localhost:" + LocalStack.MAIL_API_PORT;
    static final String KAFKA = "localhost:" + LocalStack.KAFKA_PORT;
    static final String REGISTRY = "http://localhost:" + LocalStack.REGISTRY_PORT;
    static final String STRIPE_WEBHOOK_SECRET = "whsec_sandbox_local_only_do_not_use_in_production";
    static final String STRIPE_API_KEY = "sk_test_sandbox_local";
    static final String SUPPORT_TOKEN = "support_sandbox_token_local";

    static final ObjectMapper JSON = new ObjectMapper();

    /** Order id → the order token its checkout answered with. */
    private final Map<String, String> orderTokens = new java.util.concurrent.ConcurrentHashMap<>();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final LocalStack stack;

    Platform(LocalStack stack) {
        this.stack = stack;
    }

    LocalStack stack() {
        return stack;
    }

    Path logDirectory() {
        return stack.logDirectory();
    }

    // ---- catalog-service ----

    JsonNode catalogue(String country) {
        Response r = get(CATALOG + "/v1/catalog" + (country == null ? "" : "?country=" + country));
        assertThat(r.status()).as("GET /v1/catalog: %s", r.body()).isEqualTo(200);
        return r.json();
    }

    /** A new traveller's address: the inbox is per address, so each test reads only its own mail. */
    static String newTravellerEmail() {
        return "traveller-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    Response checkout(String idempotencyKey, String email, String sku) {
        return checkout(idempotencyKey, email, sku, "US", null);
    }

    /** @param gateway {@code payment_gateway} of the request ({@code stripe}, {@code govukpay}), or null */
    Response checkout(String idempotencyKey, String email, String sku, String country, String gateway) {
        return checkout(idempotencyKey, email, sku, country, gateway, 1);
    }

    /** @param quantity how many eSIMs of the plan */
    Response checkout(String idempotencyKey, String email, String sku, String country, String gateway,
                      int quantity) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("customer").put("email", email).put("country", country);
        body.putArray("items").addObject().put("sku", sku).put("quantity", quantity);
        body.put("success_url", "https://example.com/thanks?session={SESSION_ID}");
        body.put("cancel_url", "https://example.com/cancelled");
        if (gateway != null) {
            body.put("payment_gateway", gateway);
        }
        return remembered(post(CATALOG + "/v1/checkout/sessions", body.toString(),
                Map.of("Idempotency-Key", idempotencyKey)));
    }

    Response topUp(String idempotencyKey, String email, String iccid, String sku) {
        return topUp(idempotencyKey, email, iccid, sku, null);
    }

    Response topUp(String idempotencyKey, String email, String iccid, String sku, String gateway) {
        ObjectNode body = JSON.createObjectNode();
        body.put("iccid", iccid).put("sku", sku);
        body.putObject("customer").put("email", email);
        body.put("success_url", "https://example.com/thanks");
        body.put("cancel_url", "https://example.com/cancelled");
        if (gateway != null) {
            body.put("payment_gateway", gateway);
        }
        return remembered(post(CATALOG + "/v1/topups", body.toString(), Map.of("Idempotency-Key", idempotencyKey)));
    }

    Response refund(String orderId, String reason) {
        return refund(orderId, reason, false);
    }

    /** @param goodwill refund even though the traveller installed the line (they keep it) */
    Response refund(String orderId, String reason, boolean goodwill) {
        ObjectNode body = JSON.createObjectNode().put("order_id", orderId).put("reason", reason);
        if (goodwill) {
            body.put("goodwill", true);
        }
        return post(CATALOG + "/v1/refunds", body.toString(), Map.of("Idempotency-Key",
                "refund-" + (goodwill ? "goodwill-" : "") + orderId, "Authorization", "Bearer " + SUPPORT_TOKEN));
    }

    Response order(String orderId) {
        String token = orderTokens.get(orderId);
        return get(CATALOG + "/v1/orders/" + orderId + (token == null ? "" : "?token=" + token));
    }

    /** {@code GET /v1/lines/{iccid}} with the token of the order the line was issued for. */
    Response line(String orderId, String iccid) {
        return get(CATALOG + "/v1/lines/" + iccid + "?token=" + orderTokens.get(orderId));
    }

    /** Keeps the order token a checkout answered with: reading the order needs it, as the traveller's link has it. */
    private Response remembered(Response created) {
        if (created.status() / 100 == 2) {
            JsonNode json = created.json();
            if (json.hasNonNull("order_id") && json.hasNonNull("order_token")) {
                orderTokens.put(json.path("order_id").asText(), json.path("order_token").asText());
            }
        }
        return created;
    }

    String orderStatus(String orderId) {
        Response r = order(orderId);
        return r.status() == 200 ? r.json().path("status").asText() : "HTTP " + r.status();
    }

    // ---- the sandbox: checkout page, gateway API, provider admin ----

    /** What the checkout page's button does: a form POST of {@code action} (pay, decline, pay_later, …). */
    Response clickOnCheckoutPage(String paymentUrl, String action) {
        return send(HttpRequest.newBuilder(URI.create(paymentUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "action=" + URLEncoder.encode(action, StandardCharsets.UTF_8))));
    }

    /** The gateway's events of one checkout session's order, newest first ({@code GET /stripe/v1/events}). */
    JsonNode gatewayEvents(String type) {
        Response r = send(HttpRequest.newBuilder(URI.create(SANDBOX + "/stripe/v1/events?limit=100&type=" + type))
                .header("Authorization", "Bearer " + STRIPE_API_KEY).GET());
        assertThat(r.status()).as("GET /stripe/v1/events: %s", r.body()).isEqualTo(200);
        return r.json().path("data");
    }

    /**
     * A checkout session made at the gateway directly for {@code amountMinor} — not the one catalog-service made — that
     * names {@code orderId}: a payment link of the wrong amount, someone else's session.
     */
    Response foreignCheckoutSession(String orderId, long amountMinor, String currency) {
        Map<String, String> form = new java.util.LinkedHashMap<>();
        form.put("mode", "payment");
        form.put("line_items[0][quantity]", "1");
        form.put("line_items[0][price_data][currency]", currency);
        form.put("line_items[0][price_data][unit_amount]", Long.toString(amountMinor));
        form.put("line_items[0][price_data][product_data][name]", "A payment link");
        form.put("client_reference_id", orderId);
        form.put("metadata[order_id]", orderId);
        form.put("success_url", "https://example.com/thanks");
        form.put("cancel_url", "https://example.com/cancelled");
        return stripeApi("/v1/checkout/sessions", form);
    }

    /** A Stripe API call to the sandbox gateway, form-encoded as Stripe's clients send them. */
    Response stripeApi(String path, Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return send(HttpRequest.newBuilder(URI.create(SANDBOX + "/stripe" + path))
                .header("Authorization", "Bearer " + STRIPE_API_KEY)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** The refunds the gateway made of one payment intent (its {@code refund.updated} events, one per refund). */
    long gatewayRefundsOf(String paymentIntentId) {
        JsonNode events = gatewayEvents("refund.updated");
        long count = 0;
        for (JsonNode e : events) {
            if (paymentIntentId.equals(e.path("data").path("object").path("payment_intent").asText())) {
                count++;
            }
        }
        return count;
    }

    /** The amounts of the refunds the gateway made of one payment intent, oldest first. */
    List<Long> gatewayRefundAmountsOf(String paymentIntentId) {
        List<Long> amounts = new java.util.ArrayList<>();
        for (JsonNode e : gatewayEvents("refund.updated")) {
            JsonNode refund = e.path("data").path("object");
            if (paymentIntentId.equals(refund.path("payment_intent").asText())) {
                amounts.add(0, refund.path("amount").asLong());
            }
        }
        return amounts;
    }

    JsonNode providerStats() {
        Response r = get(SANDBOX + "/provider/admin/stats");
        assertThat(r.status()).as("GET /provider/admin/stats: %s", r.body()).isEqualTo(200);
        return r.json();
    }

    int profilesIssued(String orderId) {
        return providerStats().path("profiles_issued").path(orderId).asInt(0);
    }

    /** The counters of one simulated provider by name: the primary {@code simology}, or {@code roamlink}. */
    JsonNode providerStats(String provider) {
        Response r = get(SANDBOX + "/provider/admin/" + provider + "/stats");
        assertThat(r.status()).as("GET /provider/admin/%s/stats: %s", provider, r.body()).isEqualTo(200);
        return r.json();
    }

    Response providerAdmin(String path, String json) {
        return post(SANDBOX + "/provider/admin" + path, json, Map.of());
    }

    Response providerAdminDelete(String path) {
        return send(HttpRequest.newBuilder(URI.create(SANDBOX + "/provider/admin" + path)).DELETE());
    }

    JsonNode providerOrdersByReference(String orderId) {
        Response r = send(HttpRequest
                .newBuilder(URI.create(SANDBOX + "/provider/simology/v1/orders?reference=" + orderId))
                .header("Authorization", "Bearer sk_sandbox_simology_local").GET());
        assertThat(r.status()).as("GET provider orders: %s", r.body()).isEqualTo(200);
        return r.json();
    }

    // ---- payment-ingress ----

    Response postStripeWebhook(String payload, String signatureHeader) {
        return send(HttpRequest.newBuilder(URI.create(INGRESS + "/webhooks/stripe"))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Stripe-Signature", signatureHeader)
                .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8)));
    }

    // ---- plumbing ----

    static Response get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    static Response post(String url, String json, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        headers.forEach(b::header);
        return send(b);
    }

    static Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(r.statusCode(), r.body(), r.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            return new Response(-1, e.toString(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Response(int status, String body, String location) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (HTTP " + status + "): " + body, e);
            }
        }
    }

    @Override
    public void close() {
        stack.close();
    }
}
