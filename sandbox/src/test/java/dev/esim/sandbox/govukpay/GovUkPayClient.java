package dev.esim.sandbox.govukpay;

import dev.esim.sandbox.SandboxHttp;
import dev.esim.sandbox.SandboxHttp.Response;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client of the GOV.UK Pay stand-in, as payment-ingress or catalog-service would call it (JDK HttpClient,
 * no Spring): the API with the sandbox key, the payment page as a browser's form posts drive it, and the admin API.
 */
final class GovUkPayClient {

    /** The documented sandbox key: the tests must agree with the README, not with the code. */
    static final String SANDBOX_KEY = "api_test_sandbox_govukpay_local";
    static final JsonMapper JSON = SandboxHttp.JSON;

    private final SandboxHttp http = new SandboxHttp();
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
        return http.send(api(path).GET().build());
    }

    Response post(String path, String idempotencyKey, String body) {
        return http.send(SandboxHttp.postJson(api(path), idempotencyKey, body).build());
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
        return http.send(SandboxHttp.request(url).GET().build());
    }

    /** The payment page, as a browser opens {@code next_url}. */
    Response page(String paymentId) {
        return open(base + "/govukpay/pay/" + paymentId);
    }

    /** A button on the payment page, as the browser posts the form. */
    Response click(String paymentId, String action, String email) {
        String form = "action=" + action + (email == null ? "" : "&email="
                + URLEncoder.encode(email, StandardCharsets.UTF_8));
        return http.send(SandboxHttp.postForm(SandboxHttp.request(base + "/govukpay/pay/" + paymentId), form).build());
    }

    Response admin(String path, String body) {
        return http.send(SandboxHttp.postJson(SandboxHttp.request(base + "/govukpay/admin" + path), null, body)
                .build());
    }

    Response adminGet(String path) {
        return open(base + "/govukpay/admin" + path);
    }

    private HttpRequest.Builder api(String path) {
        HttpRequest.Builder request = SandboxHttp.request(base + "/govukpay" + path)
                .header("Accept", "application/json");
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return request;
    }
}
