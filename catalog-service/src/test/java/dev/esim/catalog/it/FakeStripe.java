package dev.esim.catalog.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stripe's API for stripe-java, as a local HTTP fake (WireMock): Checkout Sessions are answered from the form
 * stripe-java sent (id derived from the idempotency key, as Stripe replays per key), expire and refunds are canned.
 * Tests read back exactly what we sent — amounts, currency, metadata, idempotency keys — with {@link #sessionCalls()}.
 */
final class FakeStripe implements AutoCloseable {

    /** One request as Stripe would have received it. */
    record Call(Map<String, String> form, String idempotencyKey, String authorization) {
        String get(String key) {
            return form.get(key);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WireMockServer server;

    FakeStripe() {
        server = new WireMockServer(options().dynamicPort().extensions(new SessionResponder()));
        server.start();
        server.stubFor(post(urlPathEqualTo("/v1/checkout/sessions"))
                .willReturn(aResponse().withTransformers(SessionResponder.NAME)));
        server.stubFor(post(urlPathMatching("/v1/checkout/sessions/[^/]+/expire"))
                .willReturn(aResponse().withTransformers(SessionResponder.NAME)));
    }

    String apiBase() {
        return server.baseUrl();
    }

    /** Refunds answer with this amount (Stripe refunds the whole charge when no amount is sent). */
    void refundsAnswer(long amountMinor, String currency) {
        ObjectNode refund = JSON.createObjectNode()
                .put("id", "re_test_" + System.nanoTime())
                .put("object", "refund")
                .put("amount", amountMinor)
                .put("currency", currency)
                .put("status", "succeeded");
        server.stubFor(post(urlPathEqualTo("/v1/refunds"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(refund.toString())));
    }

    /** Disputes answer as Stripe does to an accepted ({@code /close}) or contested ({@code submit}) dispute. */
    void disputesAnswer() {
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathMatching("/v1/disputes/[^/]+"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"dp_test\",\"object\":\"dispute\",\"status\":\"needs_response\"}")));
        server.stubFor(post(urlPathMatching("/v1/disputes/[^/]+/close"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"dp_test\",\"object\":\"dispute\",\"status\":\"lost\"}")));
        server.stubFor(post(urlPathMatching("/v1/disputes/[^/]+"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"dp_test\",\"object\":\"dispute\",\"status\":\"under_review\"}")));
    }

    /** The bank decided this dispute already ({@code won} or {@code lost}): Stripe shows it closed. */
    void disputeDecided(String disputeId, String status) {
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/v1/disputes/" + disputeId))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"" + disputeId + "\",\"object\":\"dispute\",\"status\":\""
                                + status + "\"}")));
    }

    List<Call> disputeAccepts(String disputeId) {
        return calls("/v1/disputes/" + disputeId + "/close");
    }

    List<Call> disputeUpdates(String disputeId) {
        return calls("/v1/disputes/" + disputeId);
    }

    List<Call> sessionCalls() {
        return calls("/v1/checkout/sessions");
    }

    List<Call> refundCalls() {
        return calls("/v1/refunds");
    }

    List<Call> expireCalls(String sessionId) {
        return calls("/v1/checkout/sessions/" + sessionId + "/expire");
    }

    private List<Call> calls(String path) {
        return server.findAll(postRequestedFor(urlPathEqualTo(path))).stream().map(FakeStripe::call).toList();
    }

    private static Call call(LoggedRequest r) {
        return new Call(form(r.getBodyAsString()), r.getHeader("Idempotency-Key"), r.getHeader("Authorization"));
    }

    static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.put(key, value);
        }
        return form;
    }

    static String sha256(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }

    /** Builds the session object Stripe would return for the request. */
    static final class SessionResponder implements ResponseDefinitionTransformerV2 {

        static final String NAME = "stripe-session";

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            var request = event.getRequest();
            String url = request.getUrl();
            ObjectNode session = JSON.createObjectNode().put("object", "checkout.session");
            if (url.endsWith("/expire")) {
                String id = url.substring("/v1/checkout/sessions/".length(), url.length() - "/expire".length());
                session.put("id", id).put("status", "expired");
            } else {
                Map<String, String> form = form(request.getBodyAsString());
                String key = request.getHeader("Idempotency-Key");
                String id = "cs_test_" + sha256(key).substring(0, 24);
                session.put("id", id)
                        .put("url", "https://checkout.stripe.test/c/pay/" + id)
                        .put("status", "open")
                        .put("mode", "payment")
                        .put("client_reference_id", form.get("client_reference_id"))
                        .put("currency", form.get("line_items[0][price_data][currency]"))
                        .put("expires_at", Long.parseLong(form.get("expires_at")));
            }
            return ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody(session.toString()).build();
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return NAME;
        }
    }
}
