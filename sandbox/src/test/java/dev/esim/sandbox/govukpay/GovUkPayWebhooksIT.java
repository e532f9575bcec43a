package dev.esim.sandbox.govukpay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.esim.sandbox.govukpay.GovUkPayReceiver.Delivery;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The webhook messages each outcome sends to a real local endpoint: signed so that a plain HMAC verifies them, shaped
 * as the shared contract says, retried after a 500, dropped on request, and the expiry after 90 minutes of the
 * stand-in's clock.
 */
class GovUkPayWebhooksIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private static StandIn standIn;
    private static GovUkPayReceiver receiver;
    private static GovUkPayClient api;

    @BeforeAll
    static void start() {
        standIn = StandIn.start(Map.of("sandbox.govukpay.refund-delay", "300ms",
                "sandbox.govukpay.retry.initial-backoff", "100ms",
                "sandbox.govukpay.rate-limit-per-second", 0));
        receiver = standIn.receiver();
        api = standIn.api();
    }

    @AfterAll
    static void stop() {
        standIn.close();
    }

    @BeforeEach
    void clear() {
        receiver.clear();
    }

    @AfterEach
    void deliverAgain() {
        api.admin("/deliveries", "{\"drop\":false}");
    }

    @Test
    void payingSendsSucceededThenCapturedSignedWithThePlainHmacOfTheBody() throws Exception {
        // given
        String reference = "ord-" + UUID.randomUUID();
        String id = api.createPayment(reference, 1499).text("payment_id");

        // when
        api.click(id, "pay", "traveller@example.com");

        // then
        Delivery succeeded = receiver.await("card_payment_succeeded", id, WAIT);
        Delivery captured = receiver.await("card_payment_captured", id, WAIT);
        assertThat(succeeded.signatureValid()).isTrue();
        assertThat(succeeded.signature()).matches("[0-9a-f]{64}");
        assertThat(receiver.deliveries().indexOf(succeeded)).isLessThan(receiver.deliveries().indexOf(captured));
        JsonNode message = succeeded.json();
        assertThat(message.path("id").asString()).matches("[0-9a-v]{26}");
        assertThat(message.path("api_version").asInt()).isEqualTo(1);
        assertThat(message.path("created_date").asString()).endsWith("Z");
        assertThat(message.path("resource_id").asString()).isEqualTo(id);
        assertThat(message.path("resource_type").asString()).isEqualTo("payment");
        JsonNode resource = message.path("resource");
        assertThat(resource.path("payment_id").asString()).isEqualTo(id);
        assertThat(resource.path("reference").asString()).isEqualTo(reference);
        assertThat(resource.path("amount").asLong()).isEqualTo(1499);
        assertThat(resource.path("email").asString()).isEqualTo("traveller@example.com");
        assertThat(resource.path("state").path("status").asString()).isEqualTo("success");
        assertThat(resource.path("state").path("finished").asBoolean()).isTrue();
        assertThat(resource.path("refund_summary").path("status").asString()).isEqualTo("available");
        // the resource is the payment as the API returns it
        assertThat(resource).isEqualTo(api.get("/v1/payments/" + id).json());
        assertThat(captured.json().path("id").asString()).isNotEqualTo(message.path("id").asString());
    }

    @Test
    void decliningSendsCardPaymentFailedWithP0010() throws Exception {
        String id = api.createPayment("ord-" + UUID.randomUUID(), 1499).text("payment_id");

        api.click(id, "decline", null);

        JsonNode state = receiver.await("card_payment_failed", id, WAIT).json().path("resource").path("state");
        assertThat(state.path("status").asString()).isEqualTo("failed");
        assertThat(state.path("finished").asBoolean()).isTrue();
        assertThat(state.path("code").asString()).isEqualTo("P0010");
        assertThat(state.path("message").asString()).isNotBlank();
    }

    @Test
    void cancellingOnThePageSendsCardPaymentFailedWithP0030() throws Exception {
        String id = api.createPayment("ord-" + UUID.randomUUID(), 1499).text("payment_id");

        api.click(id, "cancel", null);

        JsonNode state = receiver.await("card_payment_failed", id, WAIT).json().path("resource").path("state");
        assertThat(state.path("code").asString()).isEqualTo("P0030");
        assertThat(api.get("/v1/payments/" + id).json().path("state")).isEqualTo(state);
    }

    @Test
    void aRefundSendsCardPaymentRefundedAboutTheRefundOnceItSucceeds() throws Exception {
        // given
        String id = api.createPayment("ord-" + UUID.randomUUID(), 1499).text("payment_id");
        api.click(id, "pay", null);
        receiver.await("card_payment_captured", id, WAIT);

        // when
        String refundId = api.refund(id, 400, 1499).text("refund_id");

        // then
        Delivery refunded = receiver.await("card_payment_refunded", refundId, WAIT);
        assertThat(refunded.signatureValid()).isTrue();
        JsonNode message = refunded.json();
        assertThat(message.path("resource_type").asString()).isEqualTo("refund");
        assertThat(message.path("resource").path("refund_id").asString()).isEqualTo(refundId);
        assertThat(message.path("resource").path("payment_id").asString()).isEqualTo(id);
        assertThat(message.path("resource").path("amount").asLong()).isEqualTo(400);
        assertThat(message.path("resource").path("status").asString()).isEqualTo("success");
    }

    @Test
    void aMessageAnswered500IsSentAgainAndThenDelivered() throws Exception {
        // given
        receiver.answer(500, 500);
        String id = api.createPayment("ord-" + UUID.randomUUID(), 1499).text("payment_id");

        // when
        api.click(id, "decline", null);

        // then: the same message, byte for byte and signed alike, until it is accepted
        Delivery accepted = receiver.await("card_payment_failed", id, WAIT);
        var attempts = receiver.deliveries().stream().filter(d -> d.body().equals(accepted.body())).toList();
        assertThat(attempts).extracting(Delivery::answered).containsExactly(500, 500, 200);
        assertThat(attempts).allMatch(Delivery::signatureValid);
        JsonNode listed = api.adminGet("/messages?resource_id=" + id).json().path("messages").get(0);
        assertThat(listed.path("delivery").asString()).isEqualTo("delivered");
        assertThat(listed.path("attempts").asInt()).isEqualTo(3);
        assertThat(listed.path("last_status").asInt()).isEqualTo(200);
    }

    @Test
    void withDeliveriesDroppedMessagesAreListedButNeverSent() throws Exception {
        // given
        assertThat(api.admin("/deliveries", "{\"drop\":true}").json().path("drop").asBoolean()).isTrue();
        String id = api.createPayment("ord-" + UUID.randomUUID(), 1499).text("payment_id");

        // when
        api.click(id, "pay", null);

        // then
        await().atMost(WAIT).until(() -> api.adminGet("/messages?resource_id=" + id).json().path("messages")
                .findValuesAsString("delivery").equals(List.of("dropped", "dropped")));
        JsonNode listing = api.adminGet("/messages?resource_id=" + id).json();
        assertThat(listing.path("drop_deliveries").asBoolean()).isTrue();
        assertThat(listing.path("messages").findValuesAsString("event_type"))
                .containsExactly("card_payment_succeeded", "card_payment_captured");
        assertThat(receiver.deliveries()).isEmpty();
        // and the payment itself is paid: reconciliation finds it through the API
        assertThat(api.get("/v1/payments?reference=" + api.get("/v1/payments/" + id).text("reference")
                + "&state=success").json().path("total").asInt()).isEqualTo(1);
    }

    @Test
    void aPaymentNotFinishedWithin90MinutesExpiresWithCardPaymentExpired() throws Exception {
        // given
        String id = api.createPayment("ord-" + UUID.randomUUID(), 1499).text("payment_id");
        api.page(id);

        // when: 89 minutes pass, then two more
        api.admin("/clock/advance", "{\"seconds\":" + 89 * 60 + "}");
        JsonNode before = api.get("/v1/payments/" + id).json().path("state");
        api.admin("/clock/advance", "{\"seconds\":" + 2 * 60 + "}");

        // then
        assertThat(before.path("status").asString()).isEqualTo("started");
        Delivery expired = receiver.await("card_payment_expired", id, WAIT);
        JsonNode state = expired.json().path("resource").path("state");
        assertThat(state.path("status").asString()).isEqualTo("failed");
        assertThat(state.path("finished").asBoolean()).isTrue();
        assertThat(state.path("code").asString()).isEqualTo("P0020");
        assertThat(state.path("message").asString()).isEqualTo("Payment expired");
        assertThat(api.get("/v1/payments/" + id).json().path("state")).isEqualTo(state);
        // and it can no longer be paid
        assertThat(api.click(id, "pay", null).status()).isEqualTo(409);
        assertThat(receiver.accepted("card_payment_succeeded", id)).isEmpty();
        assertThat(receiver.accepted("card_payment_expired", id)).hasSize(1);
    }
}
