package dev.esim.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esim.catalog.orders.OrderExpiry;
import dev.esim.catalog.refunds.AutomaticRefunds;
import dev.esim.events.EventIds;
import dev.esim.events.avro.DisputeOutcome;
import dev.esim.events.avro.OrderEvent;
import dev.esim.events.avro.OrderExpired;
import dev.esim.testkit.HostileRecords;
import dev.esim.testkit.KafkaRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** The order's status across the journey, projected from the topics; refunds; expiry. */
class OrderJourneyIT extends CatalogServiceITBase {

    @Autowired
    OrderExpiry expiry;
    @Autowired
    AutomaticRefunds automaticRefunds;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MeterRegistry meters;

    private String sku;

    @BeforeEach
    void plan() {
        sku = offerUsPlan();
    }

    @Test
    void endsActiveWhateverOrderAndHowOftenTheEventsArrive() {
        // given an order awaiting payment
        String orderId = placeOrder();
        EventFixture events = new EventFixture(orderId);
        String iccid = "8988307000000000017";

        // when the activation overtakes the payment, and both are delivered more than once
        publish("esim.activations.v1", orderId, events.activationReady(iccid));
        publish("esim.provider-events.v1", orderId, events.providerActivationReady(iccid));
        publish("esim.payments.v1", orderId, events.paymentSucceeded("pi_test_1", 1299),
                events.paymentSucceeded("pi_test_1", 1299));
        publish("esim.activations.v1", orderId, events.activationReady(iccid));

        // then the order is active, with its line, and a late payment event does not move it back
        awaitStatus(orderId, "active");
        publish("esim.payments.v1", orderId, events.paymentSucceeded("pi_test_1", 1299));
        sleep(1_000);
        http.get().uri(orderUri(orderId)).exchange().expectBody()
                .jsonPath("$.status").isEqualTo("active")
                .jsonPath("$.iccids[0]").isEqualTo(iccid)
                .jsonPath("$.payment_url").doesNotExist();
    }

    @Test
    void theTravellersOrderPageSaysInWordsWhereTheOrderIsAndKeepsItsLinkPrivate() {
        String orderId = placeOrder();
        String page = "/orders/" + orderId + "?token=" + TOKENS.token(orderId);

        String pending = http.get().uri(page).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("text/html")
                .expectHeader().valueEquals("Referrer-Policy", "no-referrer")
                .expectHeader().valueEquals("Cache-Control", "no-store")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(pending).contains("Waiting for your payment").contains("Pay now").contains(orderId);

        double paidBefore = meters.get("esim.orders.paid").counter().count();
        double readyBefore = facts("line_ready");
        EventFixture events = new EventFixture(orderId);
        publish("esim.payments.v1", orderId, events.paymentSucceeded("pi_test_page", 1299),
                events.paymentSucceeded("pi_test_page", 1299));
        publish("esim.activations.v1", orderId, events.activationReady("8988307000000000042"));
        awaitStatus(orderId, "active");
        // finance's view: each fact counted once, however often its event came; the funnel counts the order
        // (counted just after the commit the status came from: give the listener thread a moment)
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (facts("line_ready") < readyBefore + 1 && System.nanoTime() < deadline) {
            sleep(50);
        }
        assertThat(meters.get("esim.orders.paid").counter().count()).isEqualTo(paidBefore + 1);
        assertThat(facts("line_ready")).isEqualTo(readyBefore + 1);
        assertThat(meters.get("esim.orders").tag("status", "active").gauge().value()).isGreaterThanOrEqualTo(1);

        String active = http.get().uri(page).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(active).contains("Your eSIM is ready").contains("8988307000000000042").doesNotContain("Pay now");

        String otherOrdersToken = TOKENS.token("ord_" + "2".repeat(32));
        for (String wrong : List.of("/orders/" + orderId, "/orders/" + orderId + "?token=" + otherOrdersToken)) {
            String notFound = http.get().uri(wrong).exchange().expectStatus().isNotFound()
                    .expectBody(String.class).returnResult().getResponseBody();
            assertThat(notFound).contains("We cannot find this order").doesNotContain(orderId);
        }
    }

    @Test
    void unreadableRecordsAmongAnOrdersEventsAreDeadLetteredAsTheirBytesAndTheEventsAroundThemCount() {
        String orderId = placeOrder();
        EventFixture events = new EventFixture(orderId);
        byte[] payment = serialized("esim.payments.v1", events.paymentSucceeded("pi_test_poison", 1299));
        byte[] garbage = ("not avro " + orderId).getBytes(StandardCharsets.UTF_8);
        // a valid header, then a string announcing 500 MB: must not take the service down
        byte[] hostile = HostileRecords.hugeStringAnnounced(HostileRecords.schemaIdOf(payment));
        byte[] refund = serialized("esim.payments.v1", events.refundSucceeded("re_test_poison", 1299));

        publishBytes("esim.payments.v1", orderId, List.of(payment, garbage, hostile, refund));

        awaitStatus(orderId, "refunded");
        List<byte[]> deadLetters = KafkaRecords.bytes("esim.payments.v1-dlt").readAll().stream()
                .filter(r -> orderId.equals(r.key())).map(ConsumerRecord::value).toList();
        assertThat(deadLetters).containsExactly(garbage, hostile);
        assertThat(jdbc.sql("select count(*) from order_events where order_id = ?").param(orderId)
                .query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void refundsOnlyForSupportAndChangesStateOnlyWhenTheGatewayConfirms() {
        // given a paid order
        String orderId = placeOrder();
        EventFixture events = new EventFixture(orderId);
        publish("esim.payments.v1", orderId, events.paymentSucceeded("pi_test_refund", 1299));
        awaitStatus(orderId, "paid");
        STRIPE.refundsAnswer(1299, "usd");
        Map<String, String> body = Map.of("order_id", orderId, "reason", "traveller cancelled the trip");

        // when someone without the support token asks, then no
        http.post().uri("/v1/refunds").header("Idempotency-Key", key()).bodyValue(body).exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error.code").isEqualTo("auth_error");
        http.post().uri("/v1/refunds").header("Idempotency-Key", key())
                .header("Authorization", "Bearer sk_test_sandbox_local").bodyValue(body).exchange()
                .expectStatus().isUnauthorized();

        // when support asks
        http.post().uri("/v1/refunds").header("Idempotency-Key", key())
                .header("Authorization", "Bearer " + SUPPORT_TOKEN).bodyValue(body).exchange()
                .expectStatus().isAccepted()
                .expectBody()
                .jsonPath("$.order_id").isEqualTo(orderId)
                .jsonPath("$.amount.amount").isEqualTo(12.99)
                .jsonPath("$.order_status").isEqualTo("paid");

        // then Stripe was asked to refund that payment, tagged with our order id
        FakeStripe.Call refund = STRIPE.refundCalls().stream()
                .filter(c -> orderId.equals(c.get("metadata[order_id]"))).findFirst().orElseThrow();
        assertThat(refund.get("payment_intent")).isEqualTo("pi_test_refund");
        assertThat(refund.idempotencyKey()).startsWith("catalog-refund-" + orderId);
        // and the order is unchanged until the refund webhook arrives through ingress
        http.get().uri(orderUri(orderId)).exchange().expectBody().jsonPath("$.status").isEqualTo("paid");
        publish("esim.payments.v1", orderId, events.refundSucceeded("re_1", 1299));
        awaitStatus(orderId, "refunded");
        // and the refund records which operator asked: the token said so, not the request
        assertThat(jdbc.sql("select requested_by from refunds where order_id = ?").param(orderId)
                .query(String.class).list()).containsExactly("support");
    }

    @Test
    void anActiveOrdersLineIsCancelledBeforeItsMoneyGoesBackAndAnInstalledOneOnlyAsGoodwill() {
        // given two active orders: one line still on the shelf, one installed on the traveller's phone
        String notInstalled = activeOrderWithLine(false);
        String installed = activeOrderWithLine(true);
        String notInstalledLine = iccidOf(notInstalled);
        String installedLine = iccidOf(installed);
        STRIPE.refundsAnswer(1299, "usd");

        // when support refunds the first: its line is cancelled at the provider, then the money goes back
        refund(notInstalled, null).expectStatus().isAccepted();
        assertThat(PROVIDER.cancellations(notInstalledLine)).isEqualTo(1);
        assertThat(refundCalls(notInstalled)).isEqualTo(1);

        // when support refunds the installed one: refused, no money moves
        refund(installed, null).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.error.code").isEqualTo("line_installed");
        assertThat(refundCalls(installed)).isZero();
        // unless they decide on a goodwill refund: the traveller keeps the line, the refund says why
        STRIPE.refundsAnswer(1299, "usd");
        refund(installed, true).expectStatus().isAccepted();
        assertThat(refundCalls(installed)).isEqualTo(1);
        assertThat(jdbc.sql("select reason from refunds where order_id = ?").param(installed).query(String.class)
                .single()).startsWith("goodwill: ");
    }

    @Test
    void anAppliedTopUpIsRefundedOnlyAsGoodwill() {
        // given a line and a paid top-up whose data the worker added
        String lineOrder = activeOrderWithLine(false);
        String iccid = iccidOf(lineOrder);
        String topUp = http.post().uri("/v1/topups").header("Idempotency-Key", key())
                .bodyValue(Map.of("iccid", iccid, "sku", sku, "customer", Map.of("email", "alex@example.com"),
                        "success_url", "https://shop.example/ok", "cancel_url", "https://shop.example/cancel"))
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("order_id").asString();
        EventFixture events = new EventFixture(topUp);
        publish("esim.payments.v1", topUp, events.paymentSucceeded("pi_" + topUp, 1299));
        publish("esim.activations.v1", topUp, events.topUpApplied(iccid));
        awaitStatus(topUp, "active");
        STRIPE.refundsAnswer(1299, "usd");

        // when support refunds it: refused, the data cannot be taken back and no money moves
        refund(topUp, null).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.error.code").isEqualTo("top_up_applied");
        assertThat(refundCalls(topUp)).isZero();
        // unless as goodwill, which leaves the line alone
        refund(topUp, true).expectStatus().isAccepted();
        assertThat(refundCalls(topUp)).isEqualTo(1);
        assertThat(PROVIDER.cancellations(iccid)).isZero();
    }

    private String activeOrderWithLine(boolean installed) {
        String orderId = placeOrder();
        String iccid = "89883070000" + (10_000_000 + (System.nanoTime() % 89_999_999));
        PROVIDER.line(iccid, "active", 0, 5120, "2026-12-31T23:59:59Z", installed);
        EventFixture events = new EventFixture(orderId);
        publish("esim.payments.v1", orderId, events.paymentSucceeded("pi_" + orderId, 1299));
        publish("esim.activations.v1", orderId, events.activationReady(iccid));
        awaitStatus(orderId, "active");
        return orderId;
    }

    private String iccidOf(String orderId) {
        return http.get().uri(orderUri(orderId)).exchange().expectBody(JsonNode.class).returnResult()
                .getResponseBody().path("iccids").path(0).asString();
    }

    private WebTestClient.ResponseSpec refund(String orderId, Boolean goodwill) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("order_id", orderId, "reason", "trip cancelled"));
        if (goodwill != null) {
            body.put("goodwill", goodwill);
        }
        return http.post().uri("/v1/refunds").header("Idempotency-Key", key())
                .header("Authorization", "Bearer " + SUPPORT_TOKEN).bodyValue(body).exchange();
    }

    private long refundCalls(String orderId) {
        return STRIPE.refundCalls().stream().filter(c -> orderId.equals(c.get("metadata[order_id]"))).count();
    }

    @Test
    void eachSupportOperatorRefundsWithTheirOwnTokenWithinTheirScopes() {
        String orderId = placeOrder();
        EventFixture events = new EventFixture(orderId);
        publish("esim.payments.v1", orderId, events.paymentSucceeded("pi_test_named", 1299));
        awaitStatus(orderId, "paid");
        STRIPE.refundsAnswer(1299, "usd");
        Map<String, String> body = Map.of("order_id", orderId, "reason", "duplicate purchase");

        // an operator whose token may not refund
        http.post().uri("/v1/refunds").header("Idempotency-Key", key())
                .header("Authorization", "Bearer " + VIEWER_TOKEN).bodyValue(body).exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.error.code").isEqualTo("forbidden");
        assertThat(STRIPE.refundCalls().stream().filter(c -> orderId.equals(c.get("metadata[order_id]")))).isEmpty();

        // one who may
        http.post().uri("/v1/refunds").header("Idempotency-Key", key())
                .header("Authorization", "Bearer " + ALICE_TOKEN).bodyValue(body).exchange()
                .expectStatus().isAccepted();

        assertThat(jdbc.sql("select requested_by from refunds where order_id = ?").param(orderId)
                .query(String.class).list()).containsExactly("alice");
    }

    @Test
    void aPartialRefundLeavesTheOrderActiveAndTheRefundsThatCompleteItRefundIt() {
        String orderId = placeOrder();
        EventFixture events = new EventFixture(orderId);
        publish("esim.payments.v1", orderId, events.paymentSucceeded("pi_test_partial", 1299));
        publish("esim.activations.v1", orderId, events.activationReady("8988307000000000777"));
        awaitStatus(orderId, "active");

        publish("esim.payments.v1", orderId, events.refundSucceeded("re_goodwill", 500));
        publish("esim.payments.v1", orderId, events.refundSucceeded("re_goodwill", 500)); // announced twice
        awaitFact(orderId, "PARTIALLY_REFUNDED");
        http.get().uri(orderUri(orderId)).exchange().expectBody().jsonPath("$.status").isEqualTo("active");

        publish("esim.payments.v1", orderId, events.refundSucceeded("re_rest", 799));
        awaitStatus(orderId, "refunded");
    }

    @Test
    void aChargebackRefundsTheOrderOnlyWhenTheBankDecidesItAgainstUs() {
        String won = placeOrder();
        String lost = placeOrder();
        for (String orderId : List.of(won, lost)) {
            EventFixture events = new EventFixture(orderId);
            publish("esim.payments.v1", orderId, events.paymentSucceeded("pi_" + orderId, 1299));
            publish("esim.activations.v1", orderId, events.activationReady("89883070000000" + (orderId.equals(won)
                    ? "01" : "02")));
            publish("esim.payments.v1", orderId, events.disputed("dp_" + orderId, DisputeOutcome.OPENED, 1299,
                    "pi_" + orderId));
            awaitStatus(orderId, "active");
        }

        publish("esim.payments.v1", won, new EventFixture(won).disputed("dp_" + won, DisputeOutcome.WON, 1299,
                "pi_" + won));
        publish("esim.payments.v1", lost, new EventFixture(lost).disputed("dp_" + lost, DisputeOutcome.LOST, 1299,
                "pi_" + lost));

        awaitStatus(lost, "refunded");
        http.get().uri(orderUri(won)).exchange().expectBody().jsonPath("$.status").isEqualTo("active");
    }

    @Test
    void aChargebackOfAnUnusedLineIsAcceptedOnceTheLineIsCancelledAndOfAnInstalledOneContestedWithEvidence() {
        // given two active orders: one line still on the shelf, one installed on the traveller's phone
        String unused = activeOrderWithLine(false);
        String installed = activeOrderWithLine(true);
        String unusedLine = iccidOf(unused);
        String installedLine = iccidOf(installed);
        STRIPE.disputesAnswer();

        // when the bank opens a chargeback for each (one announced twice)
        for (String orderId : List.of(unused, installed, unused)) {
            publish("esim.payments.v1", orderId, new EventFixture(orderId).disputed("dp_" + orderId,
                    DisputeOutcome.OPENED, 1299, "pi_" + orderId));
        }

        // then the unused line is cancelled at the provider before the dispute is accepted: the money goes back
        // and nobody keeps an eSIM
        awaitDispute("dp_" + unused, "accepted");
        assertThat(PROVIDER.cancellations(unusedLine)).isEqualTo(1);
        assertThat(STRIPE.disputeAccepts("dp_" + unused)).singleElement()
                .satisfies(c -> assertThat(c.idempotencyKey()).isEqualTo("dispute-accept-dp_" + unused));
        assertThat(STRIPE.disputeUpdates("dp_" + unused)).isEmpty();
        // and the installed line, a delivered service, is contested with the provider's record of the install
        awaitDispute("dp_" + installed, "contested");
        assertThat(PROVIDER.cancellations(installedLine)).isZero();
        assertThat(STRIPE.disputeAccepts("dp_" + installed)).isEmpty();
        assertThat(STRIPE.disputeUpdates("dp_" + installed)).singleElement().satisfies(c -> {
            assertThat(c.get("submit")).isEqualTo("true");
            assertThat(c.get("evidence[access_activity_log]")).contains(installedLine)
                    .contains("installed on the customer's device");
            assertThat(c.get("evidence[product_description]")).contains("MB");
            assertThat(c.idempotencyKey()).isEqualTo("dispute-contest-dp_" + installed);
        });
        assertThat(meters.get("esim.disputes.answered").tag("outcome", "accepted").counter().count())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void aChargebackTheBankDecidedBeforeTheDeskAnsweredIsLeftAloneAndItsLineKept() {
        String orderId = activeOrderWithLine(false);
        String line = iccidOf(orderId);
        STRIPE.disputesAnswer();
        STRIPE.disputeDecided("dp_" + orderId, "won");

        publish("esim.payments.v1", orderId, new EventFixture(orderId).disputed("dp_" + orderId,
                DisputeOutcome.OPENED, 1299, "pi_" + orderId));

        // the desk asks Stripe before it cancels anything: decided, so nothing is cancelled or answered
        awaitDispute("dp_" + orderId, "decided");
        assertThat(PROVIDER.cancellations(line)).isZero();
        assertThat(STRIPE.disputeAccepts("dp_" + orderId)).isEmpty();
        assertThat(STRIPE.disputeUpdates("dp_" + orderId)).isEmpty();
        // and the bank's decision, when it arrives, is what the row keeps
        publish("esim.payments.v1", orderId, new EventFixture(orderId).disputed("dp_" + orderId,
                DisputeOutcome.WON, 1299, "pi_" + orderId));
        awaitDispute("dp_" + orderId, "won");
        http.get().uri(orderUri(orderId)).exchange().expectBody().jsonPath("$.status").isEqualTo("active");
    }

    @Test
    void aFailureThatOnlyReportsAnOrderRefundedBeforeItWasAppliedIsNotRefundedAgain() {
        String orderId = placeOrder();
        EventFixture events = new EventFixture(orderId);
        publish("esim.payments.v1", orderId, events.paymentSucceeded("pi_" + orderId, 1299));
        publish("esim.payments.v1", orderId, events.refundSucceeded("re_" + orderId, 1299));
        awaitStatus(orderId, "refunded");

        // the worker's answer for a top-up whose money went back while it waited, then a later event of the order
        publish("esim.activations.v1", orderId, events.provisioningFailed("refunded"));
        publish("esim.activations.v1", orderId, events.activationReady("8988307000000000999"));
        awaitFact(orderId, "LINE_READY");

        assertThat(jdbc.sql("select count(*) from order_events where order_id = ? and fact = 'PROVISIONING_FAILED'")
                .param(orderId).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from automatic_refunds where order_id = ?").param(orderId)
                .query(Long.class).single()).isZero();
    }

    @Test
    void sendsBackAPaymentThatDoesNotMatchTheOrderAndNeverCountsItAsTheOrdersPayment() {
        // given an order of 12.99 USD awaiting payment
        String orderId = placeOrder();
        EventFixture events = new EventFixture(orderId);
        String foreignPayment = "pi_link_" + orderId;
        STRIPE.refundsAnswer(2000, "usd");

        // when 20.00 USD arrives in another checkout session, naming the order
        publish("esim.payments.v1", orderId, events.foreignPayment("evt_link_" + orderId, foreignPayment, 2000));

        // then the order shows the mismatch, not a payment
        awaitStatus(orderId, "payment_mismatch");
        assertThat(meters.get("esim.orders.payment_mismatch").gauge().value()).isGreaterThanOrEqualTo(1);

        // and that payment goes back through the gateway, in full, under one key derived from the payment
        automaticRefunds.refundDue();
        automaticRefunds.refundDue();
        List<FakeStripe.Call> refunds = STRIPE.refundCalls().stream()
                .filter(c -> foreignPayment.equals(c.get("payment_intent"))).toList();
        assertThat(refunds).isNotEmpty();
        assertThat(refunds).extracting(FakeStripe.Call::idempotencyKey).containsOnly("return-" + foreignPayment);
        assertThat(jdbc.sql("select state from payment_returns where payment_intent_id = ?").param(foreignPayment)
                .query(String.class).single()).isEqualTo("requested");

        // its refund webhook gives back money that was never the order's: the order is not refunded by it
        publish("esim.payments.v1", orderId, events.refundSucceeded("re_link_" + orderId, 2000, foreignPayment));
        awaitFact(orderId, "PAYMENT_RETURNED");
        http.get().uri(orderUri(orderId)).exchange().expectBody().jsonPath("$.status")
                .isEqualTo("payment_mismatch");

        // and the traveller's own payment still counts, against its own payment intent
        publish("esim.payments.v1", orderId, events.paymentSucceeded("pi_real", 1299));
        awaitStatus(orderId, "paid");
        assertThat(jdbc.sql("select payment_intent_id from orders where order_id = ?").param(orderId)
                .query(String.class).single()).isEqualTo("pi_real");
    }

    @Test
    void refundsAPaidOrderThatCouldNotBeProvisionedOnceThroughTheGateway() {
        // given a paid order
        String orderId = placeOrder();
        EventFixture events = new EventFixture(orderId);
        publish("esim.payments.v1", orderId, events.paymentSucceeded("pi_test_failed", 1299));
        awaitStatus(orderId, "paid");
        STRIPE.refundsAnswer(1299, "usd");

        // when the worker gives up on it, and says so twice
        publish("esim.activations.v1", orderId, events.provisioningFailed("out_of_stock"),
                events.provisioningFailed("out_of_stock"));
        awaitStatus(orderId, "failed");
        automaticRefunds.refundDue();
        automaticRefunds.refundDue();

        // then the gateway was asked to refund that payment, always under the one key derived from the order (the
        // scheduled run may ask too; the gateway makes one refund per key)
        List<FakeStripe.Call> refunds = STRIPE.refundCalls().stream()
                .filter(c -> orderId.equals(c.get("metadata[order_id]"))).toList();
        assertThat(refunds).isNotEmpty();
        assertThat(refunds).extracting(c -> c.get("payment_intent")).containsOnly("pi_test_failed");
        assertThat(refunds).extracting(FakeStripe.Call::idempotencyKey).containsOnly("auto-refund-" + orderId);
        assertThat(jdbc.sql("select state from automatic_refunds where order_id = ?").param(orderId)
                .query(String.class).single()).isEqualTo("requested");
        assertThat(jdbc.sql("select count(*) from refunds where order_id = ? and reason = 'provisioning_failed'")
                .param(orderId).query(Long.class).single()).isEqualTo(1);
        // and the order turns refunded when the gateway's webhook confirms it
        publish("esim.payments.v1", orderId, events.refundSucceeded("re_auto", 1299));
        awaitStatus(orderId, "refunded");
    }

    @Test
    void refusesToRefundAnUnpaidOrder() {
        String orderId = placeOrder();
        http.post().uri("/v1/refunds").header("Idempotency-Key", key())
                .header("Authorization", "Bearer " + SUPPORT_TOKEN)
                .bodyValue(Map.of("order_id", orderId, "reason", "test")).exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.error.code").isEqualTo("conflict");
    }

    @Test
    void expiresAnUnpaidOrderAfterItsSessionLifetimeOnce() {
        // given an unpaid order
        String orderId = placeOrder();
        String sessionId = http.get().uri(orderUri(orderId)).exchange().expectBody(JsonNode.class)
                .returnResult().getResponseBody().get("checkout_session_id").asString();

        // when its 90 minutes are over (twice: a second run, or a second instance)
        Instant later = Instant.now().plus(Duration.ofMinutes(91));
        expiry.expireDue(later);
        expiry.expireDue(later);

        // then the Stripe session was expired, the order is expired, and OrderExpired was published once
        assertThat(STRIPE.expireCalls(sessionId)).isNotEmpty();
        http.get().uri(orderUri(orderId)).exchange().expectBody()
                .jsonPath("$.status").isEqualTo("expired");
        OrderEvent expired = (OrderEvent) awaitRecord("esim.orders.v1", r -> orderId.equals(r.key())
                && ((OrderEvent) r.value()).getPayload() instanceof OrderExpired).value();
        assertThat(expired.getEventId()).isEqualTo(EventIds.derive(orderId, "OrderExpired"));
        sleep(500);
        assertThat(records("esim.orders.v1")).filteredOn(r -> orderId.equals(r.key())
                && ((OrderEvent) r.value()).getPayload() instanceof OrderExpired).hasSize(1);
    }

    @Test
    void answersNotFoundForAnUnknownOrder() {
        http.get().uri(orderUri("ord_00000000000000000000000000000000")).exchange()
                .expectStatus().isNotFound()
                .expectHeader().exists("X-Request-Id")
                .expectBody().jsonPath("$.error.code").isEqualTo("not_found");
    }

    private double facts(String fact) {
        var counter = meters.find("esim.orders.facts").tag("fact", fact).counter();
        return counter == null ? 0 : counter.count();
    }

    private String placeOrder() {
        return http.post().uri("/v1/checkout/sessions").header("Idempotency-Key", key())
                .bodyValue(CheckoutIT.body(sku, 1, "journey", Map.of())).exchange()
                .expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("order_id").asString();
    }

    private void awaitDispute(String disputeId, String state) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!jdbc.sql("select state from disputes where dispute_id = ?").param(disputeId).query(String.class)
                .optional().map(state::equals).orElse(false)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("dispute " + disputeId + " never became " + state);
            }
            sleep(200);
        }
    }

    private void awaitFact(String orderId, String fact) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (jdbc.sql("select count(*) from order_events where order_id = ? and fact = ?").params(orderId, fact)
                .query(Long.class).single() == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("order " + orderId + " never saw a " + fact + " event");
            }
            sleep(200);
        }
    }
}
