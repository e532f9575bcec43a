package dev.esim.provider.simology;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Bodies in the shapes of docs/provider-api.md, built rather than pasted. */
final class SimologyFixture {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ICCID = "8988307000001234567";
    static final String ACTIVATION_CODE = "ACT-CODE-1234";
    static final String LPA = "LPA:1$sm-dp-plus.simology.net$" + ACTIVATION_CODE;
    static final String API_KEY = "sk_sandbox_test_123";

    private SimologyFixture() {
    }

    static String completedOrder(String orderId, String reference, String sku) {
        ObjectNode o = order(orderId, reference, sku, "completed");
        o.putObject("line")
                .put("iccid", ICCID)
                .put("smdp_plus", LPA)
                .put("activation_code", ACTIVATION_CODE)
                .put("smdp_address", "sm-dp-plus.simology.net")
                .put("qr_url", "https://example.test/v1/qr/" + orderId + ".png")
                .put("valid_from", "2025-01-10T09:12:44Z")
                .put("expires_at", "2025-02-09T23:59:59Z");
        return o.toString();
    }

    static String processingOrder(String orderId, String reference, String sku) {
        ObjectNode o = order(orderId, reference, sku, "processing");
        o.putNull("line");
        return o.toString();
    }

    private static ObjectNode order(String orderId, String reference, String sku, String status) {
        return JSON.createObjectNode()
                .put("order_id", orderId)
                .put("reference", reference)
                .put("status", status)
                .put("sku", sku)
                .put("created_at", "2025-01-10T09:12:40Z");
    }

    static String error(String code, String message, String requestId) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("error").put("code", code).put("message", message).put("request_id", requestId);
        return root.toString();
    }

    static String rateLimited(String requestId, int retryAfterSeconds) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("error").put("code", "rate_limited").put("message", "Too many requests. Try again later.")
                .put("request_id", requestId).put("retry_after", retryAfterSeconds);
        return root.toString();
    }

    static String balance(String amount) {
        return JSON.createObjectNode().put("amount", Double.parseDouble(amount)).put("currency", "USD")
                .put("low_balance_threshold", 100.00).toString();
    }
}
