package dev.esim.sandbox.govukpay;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client of the GOV.UK Pay stand-in, as payment-ingress or catalog-service would call it (JDK HttpClient,
 * no Spring): the API with the sandbox key, the payment page as a browser's form posts drive it, and the admin API.
 */
final class GovUkPayClient {

    /** The documented sandbox key: the tests must agree with the README, not with the code. */
    static final String SANDBOX_KEY = "api_test_sandbox_govukpay_local";
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;
    private final String apiKey;

    GovUkPayClient(int port) {
        this("http://localhost:" + port, SANDBOX_KEY);
    }

    private GovUkPayClient(String base, String apiKey) {
        this.base = base;
        this.apiKey = apiKey;
    }

    GovUkPayClient withKey(String key) {
        return new GovUkPayClient(base, key);
    }

    String base() {
        return base;
    }

    Response get(String path) {
        return send(api(path).GET().build());
    }

    Response post(String path, String idempotencyKey, String body) {
        HttpRequest.Builder request = api(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request.build());
    }

    /** A payment as catalog-service creates one: our order id as reference, the order page to come back to. */
    Response createPayment(String reference, long amount) {
        return post("/v1/payments", null, payment(reference, amount));
    }

    static String payment(String reference, long amount) {
        return "{\"amount\":" + amount + ",\"reference\":\"" + reference + "\",\"description\":\"Europe 5 GB / 30 days"
                + "\",\"return_url\":\"https://shop.test/orders/" + reference + "\"}";
    }

    Response refund(String paymentId, long amount, long refundAmountAvailable) {
        return post("/v1/payments/" + paymentId + "/refunds", null,
                "{\"amount\":" + amount + ",\"refund_amount_available\":" + refundAmountAvailable + "}");
    }

    /** A plain GET of an absolute URL, as a browser follows a link. */
    Response open(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    /** The payment page, as a browser opens {@code next_url}. */
    Response page(String paymentId) {
        return send(HttpRequest.newBuilder(URI.create(base + "/govukpay/pay/" + paymentId)).GET().build());
    }

    /** A button on the payment page, as the browser posts the form. */
    Response click(String paymentId, String action, String email) {
        String form = "action=" + action + (email == null ? "" : "&email="
                + URLEncoder.encode(email, StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(base + "/govukpay/pay/" + paymentId))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    Response admin(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + "/govukpay/admin" + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    Response adminGet(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + "/govukpay/admin" + path)).GET().build());
    }

    private HttpRequest.Builder api(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/govukpay" + path))
                .header("Accept", "application/json");
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return request;
    }

    Response send(HttpRequest request) {
        try {
            return new Response(http.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Response(int status, String body, HttpResponse<String> raw) {

        Response(HttpResponse<String> raw) {
            this(raw.statusCode(), raw.body(), raw);
        }

        JsonNode json() {
            return JSON.readTree(body);
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String code() {
            return json().path("code").asString();
        }

        String text(String field) {
            return json().path(field).asString();
        }
    }
}
