package dev.esim.sandbox.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.esim.sandbox.RestartableSandbox;
import dev.esim.sandbox.SandboxHttp;
import dev.esim.sandbox.SandboxHttp.Response;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The gateway on a state directory: stopped and started again, it remembers what it answered and what it sent. */
class GatewayStateIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private final SandboxHttp http = new SandboxHttp();
    private WebhookReceiver receiver;
    private RestartableSandbox sandbox;
    private String base;

    @BeforeEach
    void receiver() throws Exception {
        receiver = new WebhookReceiver(GatewayFixture.SECRET);
        sandbox = new RestartableSandbox(dir, Map.of("sandbox.gateway.webhook-url", receiver.url(),
                "sandbox.gateway.async-delay", "3s", "sandbox.gateway.retry.initial-backoff", "200ms",
                "sandbox.gateway.retry.max-backoff", "400ms", "sandbox.gateway.retry.max-attempts", "200"));
    }

    @AfterEach
    void stop() {
        sandbox.close();
        receiver.close();
    }

    private void start() {
        base = "http://localhost:" + sandbox.start();
    }

    @Test
    void sessionsPaymentsRefundsEventsAndKeysSurviveARestart() throws Exception {
        // given: a paid session, part of it refunded, a "pay later" still settling, events delivered and not
        start();
        Response created = post("/v1/checkout/sessions", "create-a", checkout("ord-a"));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String sessionA = created.json().path("id").asString();
        assertThat(click(sessionA, "pay").status()).isEqualTo(303);
        String paymentIntent = get("/v1/checkout/sessions/" + sessionA).json().path("payment_intent").asString();
        Response refunded = post("/v1/refunds", "refund-a",
                form("payment_intent", paymentIntent, "amount", "500"));
        assertThat(refunded.status()).as(refunded.body()).isEqualTo(200);
        receiver.await("charge.refunded", paymentIntent, WAIT);
        String sessionB = post("/v1/checkout/sessions", "create-b", checkout("ord-b")).json().path("id").asString();
        assertThat(click(sessionB, "pay_later").status()).isEqualTo(303);
        receiver.await("checkout.session.completed", sessionB, WAIT);
        receiver.failNext(1_000_000);
        String sessionC = post("/v1/checkout/sessions", "create-c", checkout("ord-c")).json().path("id").asString();
        assertThat(click(sessionC, "pay").status()).isEqualTo(303);

        String sessionBody = get("/v1/checkout/sessions/" + sessionA).body();
        String paymentIntentBody = get("/v1/payment_intents/" + paymentIntent).body();
        Map<String, String> events = events();
        assertThat(events).hasSize(7);
        await().atMost(WAIT).until(() -> receiver.requests() > 8); // C's events are being retried

        // when: stopped before B settles and while C's events are undelivered, started again on the same directory
        start();

        // then: the state is still there
        assertThat(get("/v1/checkout/sessions/" + sessionA).body()).isEqualTo(sessionBody);
        assertThat(get("/v1/payment_intents/" + paymentIntent).body()).isEqualTo(paymentIntentBody);
        Map<String, String> afterRestart = events();
        assertThat(afterRestart.keySet()).startsWith(events.keySet().toArray(String[]::new));
        events.forEach((id, type) -> assertThat(afterRestart).containsEntry(id, type));

        // and idempotent retries get the original answers, without a second refund
        Response retried = post("/v1/refunds", "refund-a",
                form("payment_intent", paymentIntent, "amount", "500"));
        assertThat(retried.body()).isEqualTo(refunded.body());
        assertThat(retried.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(post("/v1/checkout/sessions", "create-a", checkout("ord-a")).body()).isEqualTo(created.body());
        Response tooMuch = post("/v1/refunds", "refund-a-2",
                form("payment_intent", paymentIntent, "amount", "1000"));
        assertThat(tooMuch.status()).isEqualTo(400);
        assertThat(tooMuch.errorCode()).isEqualTo("amount_too_large");
        assertThat(events().values()).filteredOn("charge.refunded"::equals).hasSize(1);

        // and the events left undelivered are delivered now, the "pay later" payment settles
        receiver.failNext(0);
        receiver.await("checkout.session.completed", sessionC, WAIT);
        receiver.await("payment_intent.succeeded", paymentIntentOf(sessionC), WAIT);
        receiver.await("checkout.session.async_payment_succeeded", sessionB, WAIT);
        await().atMost(WAIT).until(() -> get("/v1/events?delivery_success=false").json().path("data").isEmpty());
        assertThat(get("/v1/checkout/sessions/" + sessionB).json().path("payment_status").asString())
                .isEqualTo("paid");

        // when: started once more, from the journal the last start compacted
        Map<String, String> beforeThird = events();
        start();

        // then
        assertThat(get("/v1/checkout/sessions/" + sessionA).body()).isEqualTo(sessionBody);
        assertThat(events()).isEqualTo(beforeThird);
        assertThat(get("/v1/events?delivery_success=false").json().path("data").isEmpty()).isTrue();
        assertThat(post("/v1/refunds", "refund-a", form("payment_intent", paymentIntent, "amount", "500")).body())
                .isEqualTo(refunded.body());
    }

    private String paymentIntentOf(String sessionId) {
        return get("/v1/checkout/sessions/" + sessionId).json().path("payment_intent").asString();
    }

    /** Event id → type, oldest first. */
    private Map<String, String> events() {
        List<JsonNode> newestFirst = new ArrayList<>();
        get("/v1/events?limit=100").json().path("data").forEach(newestFirst::add);
        Map<String, String> oldestFirst = new LinkedHashMap<>();
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            oldestFirst.put(newestFirst.get(i).path("id").asString(), newestFirst.get(i).path("type").asString());
        }
        return oldestFirst;
    }

    private static Map<String, String> checkout(String orderId) {
        return form("mode", "payment", "line_items[0][price_data][currency]", "eur",
                "line_items[0][price_data][unit_amount]", "1499",
                "line_items[0][price_data][product_data][name]", "Europe 5 GB / 30 days",
                "line_items[0][quantity]", "1", "client_reference_id", orderId, "metadata[order_id]", orderId,
                "payment_intent_data[metadata][order_id]", orderId, "success_url", "http://shop.test/success",
                "cancel_url", "http://shop.test/cancel");
    }

    private static Map<String, String> form(String... pairs) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.put(pairs[i], pairs[i + 1]);
        }
        return form;
    }

    private Response post(String path, String idempotencyKey, Map<String, String> form) {
        return http.send(SandboxHttp.postForm(stripe(path).header("Idempotency-Key", idempotencyKey),
                SandboxHttp.form(form)).build());
    }

    private Response get(String path) {
        return http.send(stripe(path).GET().build());
    }

    private Response click(String sessionId, String action) {
        return http.send(SandboxHttp.postForm(SandboxHttp.request(base + "/pay/" + sessionId),
                "email=traveller%40example.com&action=" + action).build());
    }

    private HttpRequest.Builder stripe(String path) {
        return SandboxHttp.request(base + "/stripe" + path).header("Authorization", "Bearer sk_test_sandbox_state_it");
    }
}
