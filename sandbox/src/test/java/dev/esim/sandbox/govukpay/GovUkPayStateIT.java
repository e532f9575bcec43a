package dev.esim.sandbox.govukpay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.esim.sandbox.RestartableSandbox;
import dev.esim.sandbox.SandboxHttp.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The GOV.UK Pay stand-in on a state directory: stopped and started again, it remembers what it answered and sent. */
class GovUkPayStateIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private GovUkPayReceiver receiver;
    private RestartableSandbox sandbox;
    private GovUkPayClient api;

    @BeforeEach
    void receiver() {
        receiver = new GovUkPayReceiver();
        sandbox = new RestartableSandbox(dir, Map.of("sandbox.govukpay.webhook-url", receiver.url(),
                "sandbox.govukpay.refund-delay", "2s", "sandbox.govukpay.retry.initial-backoff", "200ms",
                "sandbox.govukpay.retry.max-backoff", "400ms", "sandbox.govukpay.retry.max-attempts", 200,
                "sandbox.govukpay.rate-limit-per-second", 0));
    }

    @AfterEach
    void stop() {
        sandbox.close();
        receiver.close();
    }

    private void start() {
        api = new GovUkPayClient(sandbox.start());
    }

    @Test
    void paymentsRefundsKeysAndUndeliveredMessagesSurviveARestart() throws Exception {
        // given: a paid payment with one refund done and one still submitted, a payment in progress, and a declined
        // payment whose message the receiver keeps refusing
        start();
        Response createdA = api.post("/v1/payments", "create-a", GovUkPayClient.payment("ord-a", 1499));
        String paymentA = createdA.text("payment_id");
        assertThat(api.click(paymentA, "pay", "a@example.com").status()).isEqualTo(303);
        String refundDone = api.refund(paymentA, 500, 1499).text("refund_id");
        receiver.await("card_payment_refunded", refundDone, WAIT);
        String paymentB = api.post("/v1/payments", "create-b", GovUkPayClient.payment("ord-b", 2500))
                .text("payment_id");
        receiver.failAll(true);
        String paymentC = api.createPayment("ord-c", 900).text("payment_id");
        api.click(paymentC, "decline", null);
        String refundSubmitted = api.refund(paymentA, 300, 999).text("refund_id");

        String bodyA = api.get("/v1/payments/" + paymentA).body();
        String bodyB = api.get("/v1/payments/" + paymentB).body();
        List<String> messageIds = messageIds();
        assertThat(messageIds).hasSize(4);
        await().atMost(WAIT).until(() -> !receiver.deliveries().stream()
                .filter(d -> d.resourceId().equals(paymentC) && d.answered() == 500).toList().isEmpty());
        String refusedBody = receiver.deliveries().stream().filter(d -> d.resourceId().equals(paymentC))
                .findFirst().orElseThrow().body();

        // when: stopped while the refund is submitted and C's message undelivered, started on the same directory
        start();

        // then: the payments are as they were
        assertThat(Files.exists(dir.resolve("govukpay.jsonl"))).isTrue();
        assertThat(api.get("/v1/payments/" + paymentA).body()).isEqualTo(bodyA);
        assertThat(api.get("/v1/payments/" + paymentB).body()).isEqualTo(bodyB);
        assertThat(api.get("/v1/payments/" + paymentC).json().path("state").path("code").asString())
                .isEqualTo("P0010");
        assertThat(messageIds()).startsWith(messageIds.toArray(String[]::new));
        // and an idempotent retry finds the payment it created, without a second one
        Response retried = api.post("/v1/payments", "create-a", GovUkPayClient.payment("ord-a", 1499));
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.body()).isEqualTo(bodyA);
        assertThat(api.post("/v1/payments", "create-a", GovUkPayClient.payment("ord-a", 1)).code())
                .isEqualTo("P0191");
        assertThat(api.post("/v1/payments", "create-b", GovUkPayClient.payment("ord-b", 2500)).text("payment_id"))
                .isEqualTo(paymentB);
        assertThat(api.get("/v1/payments?reference=ord-a").json().path("total").asInt()).isEqualTo(1);
        // and the refunds still count: no more than is left can be refunded
        assertThat(api.refund(paymentA, 700, 699).code()).isEqualTo("P0603");

        // and the submitted refund succeeds, the refused message is delivered once the receiver is back
        receiver.failAll(false);
        Response settled = api.get("/v1/payments/" + paymentA + "/refunds/" + refundSubmitted);
        assertThat(List.of("submitted", "success")).contains(settled.text("status"));
        receiver.await("card_payment_refunded", refundSubmitted, WAIT);
        GovUkPayReceiver.Delivery declined = receiver.await("card_payment_failed", paymentC, WAIT);
        assertThat(declined.body()).isEqualTo(refusedBody);
        await().atMost(WAIT).until(() -> api.adminGet("/messages").json().path("messages")
                .findValuesAsString("delivery").stream().allMatch("delivered"::equals));

        // when: started once more, from the journal the last start compacted
        String listing = api.adminGet("/messages").body();
        String refundsOfA = api.get("/v1/payments/" + paymentA + "/refunds").body();
        start();

        // then
        assertThat(api.adminGet("/messages").body()).isEqualTo(listing);
        assertThat(api.get("/v1/payments/" + paymentA + "/refunds").body()).isEqualTo(refundsOfA);
        assertThat(api.post("/v1/payments", "create-a", GovUkPayClient.payment("ord-a", 1499)).body())
                .isEqualTo(bodyA);
        JsonNode summary = api.get("/v1/payments/" + paymentA).json().path("refund_summary");
        assertThat(summary.path("amount_submitted").asLong()).isEqualTo(800);
        assertThat(summary.path("amount_available").asLong()).isEqualTo(699);
        assertThat(receiver.accepted("card_payment_refunded", refundSubmitted)).hasSize(1);
    }

    private List<String> messageIds() {
        return api.adminGet("/messages").json().path("messages").findValuesAsString("id");
    }
}
