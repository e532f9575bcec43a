package dev.esim.sandbox.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.stripe.Stripe;
import com.stripe.StripeClient;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.model.Charge;
import com.stripe.model.Dispute;
import com.stripe.model.Event;
import com.stripe.model.EventCollection;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.param.DisputeUpdateParams;
import com.stripe.param.EventListParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gateway's API as catalog-service and reconciliation see it: through stripe-java, over real HTTP. */
class StripeApiIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static GatewayFixture gateway;
    private static StripeClient stripe;

    @BeforeAll
    static void start() throws Exception {
        gateway = new GatewayFixture(Map.of());
        stripe = gateway.stripe();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @AfterEach
    void resetStripeGlobals() {
        // stripe-java's static configuration is JVM-wide: leave it as we found it
        Stripe.overrideApiBase(Stripe.LIVE_API_BASE);
        Stripe.apiKey = null;
        gateway.receiver.failNext(0);
    }

    @Test
    void createsRetrievesAndExpiresACheckoutSession() throws Exception {
        // given
        String orderId = "ord_" + UUID.randomUUID();
        long expiresAt = Instant.now().plusSeconds(3600).getEpochSecond();

        // when
        Session created = stripe.v1().checkout().sessions().create(GatewayFixture.checkout(orderId, 1499, "usd"));

        // then
        assertThat(created.getId()).startsWith("cs_test_");
        assertThat(created.getObject()).isEqualTo("checkout.session");
        assertThat(created.getUrl()).isEqualTo(gateway.base + "/pay/" + created.getId());
        assertThat(created.getAmountTotal()).isEqualTo(1499L);
        assertThat(created.getCurrency()).isEqualTo("usd");
        assertThat(created.getStatus()).isEqualTo("open");
        assertThat(created.getPaymentStatus()).isEqualTo("unpaid");
        assertThat(created.getExpiresAt()).isBetween(expiresAt - 5, expiresAt + 5);
        assertThat(created.getClientReferenceId()).isEqualTo(orderId);
        assertThat(created.getMetadata()).containsEntry("order_id", orderId);
        assertThat(created.getLivemode()).isFalse();
        assertThat(created.getPaymentIntent()).isNull();
        assertThat(created.getLastResponse().headers().firstValue("Request-Id")).hasValueSatisfying(
                id -> assertThat(id).startsWith("req_"));

        // when
        Session retrieved = stripe.v1().checkout().sessions().retrieve(created.getId());

        // then
        assertThat(retrieved.getId()).isEqualTo(created.getId());
        assertThat(retrieved.getStatus()).isEqualTo("open");
        assertThat(retrieved.getCustomerEmail()).isEqualTo("traveller@example.com");

        // when
        Session expired = stripe.v1().checkout().sessions().expire(created.getId());

        // then
        assertThat(expired.getStatus()).isEqualTo("expired");
        assertThat(expired.getUrl()).isNull();
        WebhookReceiver.Received webhook = gateway.receiver.await("checkout.session.expired", created.getId(), WAIT);
        Session inEvent = (Session) webhook.event().getDataObjectDeserializer().getObject().orElseThrow();
        assertThat(inEvent.getClientReferenceId()).isEqualTo(orderId);
        assertThatThrownBy(() -> stripe.v1().checkout().sessions().expire(created.getId()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getStatusCode()).isEqualTo(400));
    }

    @Test
    void answersAnUnknownSessionWithResourceMissing() {
        assertThatThrownBy(() -> stripe.v1().checkout().sessions().retrieve("cs_test_nope"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(404);
                    assertThat(e.getCode()).isEqualTo("resource_missing");
                });
    }

    @Test
    void replaysTheOriginalSessionForTheSameIdempotencyKey() throws Exception {
        // given
        SessionCreateParams params = GatewayFixture.checkout("ord_" + UUID.randomUUID(), 2500, "eur");
        RequestOptions options = RequestOptions.builder().setIdempotencyKey("checkout-" + UUID.randomUUID()).build();

        // when
        Session first = stripe.v1().checkout().sessions().create(params, options);
        Session again = stripe.v1().checkout().sessions().create(params, options);

        // then
        assertThat(again.getId()).isEqualTo(first.getId());
        assertThat(again.getLastResponse().body()).isEqualTo(first.getLastResponse().body());
        assertThat(again.getLastResponse().headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(first.getLastResponse().headers().firstValue("Idempotent-Replayed")).isEmpty();
    }

    @Test
    void refusesTheSameIdempotencyKeyWithDifferentParameters() throws Exception {
        // given
        RequestOptions options = RequestOptions.builder().setIdempotencyKey("checkout-" + UUID.randomUUID()).build();
        stripe.v1().checkout().sessions().create(GatewayFixture.checkout("ord_a", 1000, "usd"), options);

        // when / then
        assertThatThrownBy(() -> stripe.v1().checkout().sessions()
                .create(GatewayFixture.checkout("ord_a", 1001, "usd"), options))
                .isInstanceOfSatisfying(IdempotencyException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getStripeError().getType()).isEqualTo("idempotency_error");
                    assertThat(e.getMessage()).contains("same parameters");
                });
    }

    @Test
    void answers401ToALiveKeyWithoutEchoingIt() {
        StripeClient live = gateway.stripe("sk_live_51AbCdEfGhIjKlMnOpQrStUvWx");

        assertThatThrownBy(() -> live.v1().checkout().sessions()
                .create(GatewayFixture.checkout("ord_live", 1499, "usd")))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(401);
                    assertThat(e.getMessage()).contains("Invalid API Key provided: sk_live_")
                            .doesNotContain("51AbCdEfGhIjKlMnOpQrSt");
                });
    }

    @Test
    void refusesUnknownAndMissingParametersAsStripeDoes() {
        SessionCreateParams withTypo = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .putExtraParam("client_refrence_id", "ord_typo")
                .build();

        assertThatThrownBy(() -> stripe.v1().checkout().sessions().create(withTypo))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getParam()).isEqualTo("client_refrence_id");
                    assertThat(e.getCode()).isEqualTo("parameter_unknown");
                });
        assertThatThrownBy(() -> stripe.v1().checkout().sessions()
                .create(SessionCreateParams.builder().setMode(SessionCreateParams.Mode.PAYMENT).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getCode()).isEqualTo("parameter_missing");
                    assertThat(e.getParam()).isEqualTo("line_items");
                });
    }

    @Test
    void refundsAPaidOrderAndSignalsItWithChargeRefunded() throws Exception {
        // given a paid session
        String orderId = "ord_" + UUID.randomUUID();
        Session session = stripe.v1().checkout().sessions().create(GatewayFixture.checkout(orderId, 1499, "usd"));
        assertThat(clickOnCheckoutPage(session.getId(), "pay").statusCode()).isEqualTo(303);
        String paymentIntentId = stripe.v1().checkout().sessions().retrieve(session.getId()).getPaymentIntent();
        PaymentIntent intent = stripe.v1().paymentIntents().retrieve(paymentIntentId);
        assertThat(intent.getStatus()).isEqualTo("succeeded");
        assertThat(intent.getAmountReceived()).isEqualTo(1499L);
        assertThat(intent.getMetadata()).containsEntry("order_id", orderId);

        // when
        Refund refund = stripe.v1().refunds().create(RefundCreateParams.builder()
                .setPaymentIntent(paymentIntentId)
                .setAmount(500L)
                .putMetadata("order_id", orderId)
                .build());

        // then
        assertThat(refund.getId()).startsWith("re_");
        assertThat(refund.getStatus()).isEqualTo("succeeded");
        assertThat(refund.getAmount()).isEqualTo(500L);
        assertThat(refund.getPaymentIntent()).isEqualTo(paymentIntentId);
        assertThat(refund.getMetadata()).containsEntry("order_id", orderId);
        Event refunded = gateway.receiver.await("charge.refunded", paymentIntentId, WAIT).event();
        Charge charge = (Charge) refunded.getDataObjectDeserializer().getObject().orElseThrow();
        assertThat(charge.getAmountRefunded()).isEqualTo(500L);
        assertThat(charge.getRefunded()).isFalse();
        assertThat(charge.getMetadata()).containsEntry("order_id", orderId);
        assertThat(refunded.getRequest().getId()).isEqualTo(refund.getLastResponse().requestId());
        Event updated = gateway.receiver.await("refund.updated", refund.getId(), WAIT).event();
        assertThat(((Refund) updated.getDataObjectDeserializer().getObject().orElseThrow()).getStatus())
                .isEqualTo("succeeded");

        // and the rest cannot be over-refunded
        assertThatThrownBy(() -> stripe.v1().refunds().create(RefundCreateParams.builder()
                .setPaymentIntent(paymentIntentId).setAmount(1000L).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getCode()).isEqualTo("amount_too_large"));
        Refund rest = stripe.v1().refunds()
                .create(RefundCreateParams.builder().setPaymentIntent(paymentIntentId).build());
        assertThat(rest.getAmount()).isEqualTo(999L);
    }

    @Test
    void aLostChargebackIsAnnouncedWithoutTheOrderIdAndTheChargeCanNoLongerBeRefunded() throws Exception {
        String orderId = "ord_" + UUID.randomUUID();
        Session session = stripe.v1().checkout().sessions().create(GatewayFixture.checkout(orderId, 1499, "usd"));
        clickOnCheckoutPage(session.getId(), "pay");
        String paymentIntentId = stripe.v1().checkout().sessions().retrieve(session.getId()).getPaymentIntent();

        HttpResponse<String> created = dispute("payment_intent=" + paymentIntentId
                + "&reason=product_not_received&status=lost");

        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.body().replace(" ", "")).contains("\"status\":\"lost\"").contains("\"amount\":1499");
        String opened = gateway.receiver.await("charge.dispute.created", paymentIntentId, WAIT).payload();
        String closed = gateway.receiver.await("charge.dispute.closed", paymentIntentId, WAIT).payload();
        assertThat(opened.replace(" ", "")).contains("\"status\":\"needs_response\"").doesNotContain(orderId);
        assertThat(closed.replace(" ", "")).contains("\"status\":\"lost\"")
                .contains("\"reason\":\"product_not_received\"").doesNotContain(orderId);
        assertThatThrownBy(() -> stripe.v1().refunds().create(RefundCreateParams.builder()
                .setPaymentIntent(paymentIntentId).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getCode()).isEqualTo("charge_disputed"));
    }

    @Test
    void anOpenDisputeIsWonWithEvidenceOrLostWhenTheShopAcceptsIt() throws Exception {
        String contested = openDispute();
        String accepted = openDispute();
        assertThat(stripe.v1().disputes().retrieve(contested).getStatus()).isEqualTo("needs_response");

        Dispute won = stripe.v1().disputes().update(contested, DisputeUpdateParams.builder()
                .setEvidence(DisputeUpdateParams.Evidence.builder()
                        .setAccessActivityLog("eSIM profile installed on the customer's device").build())
                .setSubmit(true).build());
        Dispute lost = stripe.v1().disputes().close(accepted);

        assertThat(won.getStatus()).isEqualTo("won");
        assertThat(stripe.v1().disputes().retrieve(contested).getStatus()).isEqualTo("won");
        assertThat(lost.getStatus()).isEqualTo("lost");
        assertThat(gateway.receiver.await("charge.dispute.closed", contested, WAIT).payload().replace(" ", ""))
                .contains("\"status\":\"won\"");
        assertThat(gateway.receiver.await("charge.dispute.closed", accepted, WAIT).payload().replace(" ", ""))
                .contains("\"status\":\"lost\"");
        assertThatThrownBy(() -> stripe.v1().disputes().close(contested))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getCode()).isEqualTo("dispute_already_closed"));
    }

    /** A paid order whose payment the bank disputes, left open for the shop to answer; returns the dispute id. */
    private static String openDispute() throws Exception {
        Session session = stripe.v1().checkout().sessions().create(GatewayFixture.checkout("ord_" + UUID.randomUUID(),
                1499, "usd"));
        clickOnCheckoutPage(session.getId(), "pay");
        String paymentIntentId = stripe.v1().checkout().sessions().retrieve(session.getId()).getPaymentIntent();
        HttpResponse<String> created = dispute("payment_intent=" + paymentIntentId + "&status=needs_response");
        assertThat(created.statusCode()).isEqualTo(200);
        return com.google.gson.JsonParser.parseString(created.body()).getAsJsonObject().get("id").getAsString();
    }

    /** The sandbox's dispute test helper, called as a form post like any Stripe API call. */
    private static HttpResponse<String> dispute(String form) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(gateway.base + "/stripe/v1/test_helpers/disputes"))
                .header("Authorization", "Bearer sk_test_sandbox_gateway_it")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void listsEventsThatNeverGotThroughUntilTheReceiverRecovers() throws Exception {
        // given reconciliation's view, through stripe-java's static API as a service configured globally uses it
        Stripe.apiKey = "sk_test_sandbox_gateway_it";
        Stripe.overrideApiBase(gateway.base + "/stripe");
        long since = Instant.now().getEpochSecond() - 1;
        String orderId = "ord_" + UUID.randomUUID();
        Session session = stripe.v1().checkout().sessions().create(GatewayFixture.checkout(orderId, 1499, "usd"));
        gateway.receiver.failNext(1_000_000);
        int before = gateway.receiver.requests();

        // when the receiver keeps answering 500
        clickOnCheckoutPage(session.getId(), "pay");
        awaitRequests(before + 4);

        // then
        EventListParams undelivered = EventListParams.builder()
                .setDeliverySuccess(false)
                .setType("checkout.session.completed")
                .setCreated(EventListParams.Created.builder().setGte(since).build())
                .build();
        EventCollection pending = Event.list(undelivered);
        Event stuck = pending.getData().stream()
                .filter(e -> e.getDataObjectDeserializer().getRawJson().contains(session.getId()))
                .findFirst().orElseThrow();
        assertThat(stuck.getPendingWebhooks()).isEqualTo(1L);
        assertThat(pending.getData()).allMatch(e -> e.getType().equals("checkout.session.completed"));
        Session fromEvent = (Session) stuck.getDataObjectDeserializer().getObject().orElseThrow();
        assertThat(fromEvent.getClientReferenceId()).isEqualTo(orderId);

        // when it recovers, back-off redelivers
        gateway.receiver.failNext(0);
        gateway.receiver.await(e -> e.getId().equals(stuck.getId()), WAIT);

        // then (the receiver saw the event before the gateway read its 200 and marked the delivery: wait for that)
        await().atMost(WAIT).untilAsserted(() -> assertThat(Event.list(undelivered).getData())
                .extracting(Event::getId).doesNotContain(stuck.getId()));
        List<Event> delivered = Event.list(EventListParams.builder().setDeliverySuccess(true)
                .setCreated(EventListParams.Created.builder().setGte(since).build()).setLimit(100L).build()).getData();
        assertThat(delivered).extracting(Event::getId).contains(stuck.getId());
        assertThat(Event.retrieve(stuck.getId()).getPendingWebhooks()).isZero();
    }

    private static void awaitRequests(int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (gateway.receiver.requests() < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gateway did not retry: " + gateway.receiver.requests() + " requests");
            }
            Thread.sleep(50);
        }
    }

    static HttpResponse<String> clickOnCheckoutPage(String sessionId, String action) throws Exception {
        HttpRequest post = HttpRequest.newBuilder(URI.create(gateway.base + "/pay/" + sessionId))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=" + action + "&email=traveller%40example.com"))
                .build();
        return HttpClient.newHttpClient().send(post, HttpResponse.BodyHandlers.ofString());
    }
}
