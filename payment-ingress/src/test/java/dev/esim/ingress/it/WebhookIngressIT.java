package dev.esim.ingress.it;

import static dev.esim.ingress.it.IngressFixture.expectError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.esim.events.EventIds;
import dev.esim.events.Topics;
import dev.esim.ingress.publish.PublishConfiguration;
import dev.esim.events.avro.PaymentEvent;
import dev.esim.events.avro.PaymentFailed;
import dev.esim.events.avro.PaymentSucceeded;
import dev.esim.events.avro.ProviderActivationReady;
import dev.esim.events.avro.ProviderEvent;
import dev.esim.events.crypto.Keysets;
import dev.esim.ingress.fixtures.ProviderFixtures;
import dev.esim.ingress.fixtures.StripeFixtures;
import dev.esim.ingress.fixtures.TestSigners;
import dev.esim.testkit.WithKafka;
import dev.esim.testkit.WithSchemaRegistry;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The service as a gateway sees it: signed webhooks over HTTP in, Avro records on the real (in-process) Kafka out.
 * Start reading here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "esim.ingress.stripe.webhook-secrets=" + IngressFixture.OLD_SECRET + "," + IngressFixture.NEW_SECRET,
        "esim.ingress.providers.simology.secrets=" + IngressFixture.SIMOLOGY_SECRET,
        "esim.ingress.max-body-size=64KB"})
@WithKafka(topics = {"esim.payments.v1", "esim.provider-events.v1"}, partitions = 3)
@WithSchemaRegistry
class WebhookIngressIT {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    PublishConfiguration.Ciphers ciphers;

    private IngressFixture ingress;

    @BeforeEach
    void client() {
        ingress = new IngressFixture(port);
    }

    @Test
    void signedCheckoutSessionLandsOnThePaymentsTopicKeyedByOrderId() {
        String orderId = StripeFixtures.uniqueOrderId();
        String evt = StripeFixtures.uniqueEventId();
        byte[] body = StripeFixtures.load("checkout.session.completed").eventId(evt).orderId(orderId).bytes();

        var delivery = ingress.deliver(
                () -> ingress.stripe(body, TestSigners.stripe(body, IngressFixture.NEW_SECRET, TestSigners.now())));

        assertThat(delivery.status()).isEqualTo(200);
        assertThat(delivery.body()).contains("\"status\":\"published\"")
                .contains("\"event_id\":\"" + EventIds.derive("stripe", evt) + "\"");
        var records = TopicReader.<PaymentEvent>awaitKey(Topics.PAYMENTS.name(), orderId, 1);
        assertThat(records).isNotEmpty();
        assertThat(records.stream().map(r -> r.value().getEventId()).distinct()).hasSize(1);
        PaymentEvent event = records.get(0).value();
        assertThat(event.getEventId()).isEqualTo(EventIds.derive("stripe", evt));
        assertThat(event.getOrderId()).isEqualTo(orderId);
        assertThat(event.getCausationId()).isEqualTo(evt);
        assertThat(event.getGatewayEventType()).isEqualTo("checkout.session.completed");
        assertThat(event.getLivemode()).isFalse();
        PaymentSucceeded paid = (PaymentSucceeded) event.getPayload();
        assertThat(paid.getAmount().getAmountMinor()).isEqualTo(1499L);
        assertThat(paid.getAmount().getCurrency()).isEqualTo("USD");
        assertThat(paid.getPaymentIntentId()).isEqualTo("pi_3RlHdxR7UUImIKwk0Kzq8vTn");
        // the original body is kept for audit/replay, encrypted: its plaintext is not on the topic
        assertThat(new String(event.getOriginalPayload().getCiphertext().array(), StandardCharsets.ISO_8859_1))
                .doesNotContain("traveller@example.com");
        assertThat(Keysets.sandbox(Keysets.PII).decrypt(event.getOriginalPayload(), event.getEventId()))
                .isEqualTo(new String(body, StandardCharsets.UTF_8));
        // what the ingress wrote, the ingress itself cannot read: it holds the public keysets only
        assertThatThrownBy(() -> ciphers.pii().decrypt(event.getOriginalPayload(), event.getEventId()))
                .isInstanceOf(IllegalStateException.class);
        assertThat(ciphers.activation().canDecrypt()).isFalse();
    }

    @Test
    void aThousandSlowDripConnectionsDoNotKeepAPaymentWebhookWaiting() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                Socket socket = new Socket("127.0.0.1", port);
                socket.getOutputStream().write(("POST /webhooks/stripe HTTP/1.1\r\nHost: ingress\r\n"
                        + "Content-Length: 100000\r\nX-Slow: ").getBytes(StandardCharsets.US_ASCII));
                slow.add(socket);
            }
            String orderId = StripeFixtures.uniqueOrderId();
            byte[] body = StripeFixtures.load("checkout.session.completed").eventId(StripeFixtures.uniqueEventId())
                    .orderId(orderId).bytes();

            long start = System.nanoTime();
            int status = ingress.deliverStripe(body,
                    () -> TestSigners.stripe(body, IngressFixture.NEW_SECRET, TestSigners.now()));

            assertThat(status).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            assertThat(TopicReader.<PaymentEvent>awaitKey(Topics.PAYMENTS.name(), orderId, 1)).isNotEmpty();
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    void paymentFailuresAndRefundsArePublishedToo() {
        String orderId = StripeFixtures.uniqueOrderId();
        for (String fixture : List.of("payment_intent.payment_failed", "refund.updated")) {
            byte[] body = StripeFixtures.load(fixture).eventId(StripeFixtures.uniqueEventId()).orderId(orderId).bytes();
            assertThat(ingress.deliverStripe(body,
                    () -> TestSigners.stripe(body, IngressFixture.OLD_SECRET, TestSigners.now()))).isEqualTo(200);
        }

        var records = TopicReader.<PaymentEvent>awaitKey(Topics.PAYMENTS.name(), orderId, 2);
        assertThat(records).extracting(r -> r.value().getPayload().getClass().getSimpleName())
                .containsSubsequence("PaymentFailed", "RefundSucceeded");
        assertThat(((PaymentFailed) records.get(0).value().getPayload()).getReason()).isEqualTo("insufficient_funds");
    }

    @Test
    void theSameStripeEventDeliveredThreeTimesIsPublishedOnce() {
        String orderId = StripeFixtures.uniqueOrderId();
        byte[] body = StripeFixtures.load("payment_intent.succeeded").eventId(StripeFixtures.uniqueEventId())
                .orderId(orderId).bytes();

        for (long age : new long[] {0, 40, 20}) { // three deliveries, signed at different times
            assertThat(ingress.deliverStripe(body,
                    () -> TestSigners.stripe(body, IngressFixture.NEW_SECRET, TestSigners.now() - age))).isEqualTo(200);
        }

        // the repeats are answered from memory (RememberingPublisher); a publish that timed out and was retried by
        // the "gateway" may have landed twice, under the one event id
        var records = TopicReader.<PaymentEvent>awaitKey(Topics.PAYMENTS.name(), orderId, 1);
        assertThat(records).hasSizeBetween(1, 2);
        assertThat(records.stream().map(r -> r.value().getEventId()).distinct()).hasSize(1);
    }

    @Test
    void bothSecretsAreAcceptedWhileRotating() {
        String orderId = StripeFixtures.uniqueOrderId();
        for (String secret : List.of(IngressFixture.OLD_SECRET, IngressFixture.NEW_SECRET)) {
            byte[] body = StripeFixtures.load("payment_intent.succeeded").eventId(StripeFixtures.uniqueEventId())
                    .orderId(orderId).bytes();
            assertThat(ingress.deliverStripe(body, () -> TestSigners.stripe(body, secret, TestSigners.now())))
                    .isEqualTo(200);
        }
        var records = TopicReader.<PaymentEvent>awaitKey(Topics.PAYMENTS.name(), orderId, 2);
        assertThat(records.stream().map(r -> r.value().getCausationId()).distinct()).hasSize(2);
    }

    @Test
    void irrelevantEventsGet2xxAndAreNotPublished() {
        String orderId = StripeFixtures.uniqueOrderId();
        byte[] customer = StripeFixtures.load("customer.created").eventId(StripeFixtures.uniqueEventId()).bytes();
        byte[] unpaid = StripeFixtures.load("checkout.session.completed").eventId(StripeFixtures.uniqueEventId())
                .orderId(orderId).objectField("payment_status", "unpaid").bytes();

        ingress.stripe(customer, TestSigners.stripe(customer, IngressFixture.NEW_SECRET, TestSigners.now()))
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("ignored");
        ingress.stripe(unpaid, TestSigners.stripe(unpaid, IngressFixture.NEW_SECRET, TestSigners.now()))
                .expectStatus().isOk().expectBody().jsonPath("$.reason").isEqualTo("payment_status_unpaid");

        assertNothingPublishedFor(orderId);
    }

    @Test
    void everyClassOfBadInputGetsItsStatusAndCanonicalBodyAndReachesNoTopic() {
        String orderId = StripeFixtures.uniqueOrderId();
        byte[] good = StripeFixtures.load("checkout.session.completed").eventId(StripeFixtures.uniqueEventId())
                .orderId(orderId).bytes();
        long now = TestSigners.now();
        byte[] huge = new byte[65 * 1024];
        Arrays.fill(huge, (byte) ' ');
        byte[] malformed = ("{\"id\":\"evt_x\",\"type\":\"checkout.session.completed\", " + orderId)
                .getBytes(StandardCharsets.UTF_8);
        byte[] live = StripeFixtures.load("checkout.session.completed").eventId(StripeFixtures.uniqueEventId())
                .orderId(orderId).livemode(true).bytes();

        expectError(ingress.stripe(huge, TestSigners.stripe(huge, IngressFixture.NEW_SECRET, now)), 413,
                "payload_too_large");
        expectError(ingress.client().post().uri("/webhooks/stripe")
                .header("Stripe-Signature", TestSigners.stripe(huge, IngressFixture.NEW_SECRET, now))
                .body(reactor.core.publisher.Flux.just(huge).map(b -> org.springframework.core.io.buffer
                        .DefaultDataBufferFactory.sharedInstance.wrap(b)),
                        org.springframework.core.io.buffer.DataBuffer.class)
                .exchange(), 413, "payload_too_large"); // chunked: no Content-Length, cut off while streaming
        expectError(ingress.stripe(good, null), 400, "signature_invalid");
        expectError(ingress.stripe(good, TestSigners.stripe(good, "whsec_forged", now)), 400, "signature_invalid");
        expectError(ingress.stripe(good, TestSigners.stripe(good, IngressFixture.NEW_SECRET, now - 301)), 400,
                "timestamp_out_of_tolerance");
        expectError(ingress.stripe(malformed, TestSigners.stripe(malformed, IngressFixture.NEW_SECRET, now)), 400,
                "validation_error");
        expectError(ingress.stripe(live, TestSigners.stripe(live, IngressFixture.NEW_SECRET, now)), 400,
                "validation_error");
        expectError(ingress.provider("airalo", "X-Any", "x", good), 404, "not_found");
        expectError(ingress.client().get().uri("/webhooks/stripe").exchange()
                .expectHeader().valueEquals("Allow", "POST"), 405, "validation_error");
        expectError(ingress.client().put().uri("/webhooks/providers/simology").bodyValue(
                        ProviderFixtures.simologyActivationReady("evt_put_" + orderId, orderId))
                .exchange().expectHeader().valueEquals("Allow", "POST"), 405, "validation_error");
        byte[] activation = ProviderFixtures.simologyActivationReady("evt_bad_" + orderId, orderId);
        expectError(ingress.provider("simology", "Simology-Signature",
                TestSigners.simology(activation, IngressFixture.SIMOLOGY_SECRET, now - 301), activation), 400,
                "timestamp_out_of_tolerance");
        expectError(ingress.provider("simology", "Simology-Signature",
                TestSigners.simology(activation, "simsec_wrong", now), activation), 400, "signature_invalid");

        assertNothingPublishedFor(orderId);
        IngressFixture.actuator(managementPort).get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk();
    }

    @Test
    void thePublicPortServesTheWebhooksOnlyAndActuatorListensOnTheManagementPort() {
        for (String path : List.of("/actuator/health", "/actuator/prometheus", "/actuator/env")) {
            ingress.client().get().uri(path).exchange()
                    .expectStatus().isNotFound()
                    .expectBody().jsonPath("$.error.code").isEqualTo("not_found");
        }
        IngressFixture.actuator(managementPort).get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void aRepeatedDeliveryGetsTheSameAnswerAndLeavesOneRecordOnTheTopic() {
        String evt = StripeFixtures.uniqueEventId();
        String orderId = StripeFixtures.uniqueOrderId();
        byte[] body = StripeFixtures.load("payment_intent.succeeded").eventId(evt).orderId(orderId).bytes();
        ingress.deliverStripe(body, () -> TestSigners.stripe(body, IngressFixture.NEW_SECRET, TestSigners.now()));

        // the gateway's retry, freshly signed: answered as published, under the same event id
        ingress.stripe(body, TestSigners.stripe(body, IngressFixture.NEW_SECRET, TestSigners.now()))
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectHeader().exists("X-Request-Id")
                .expectBody().json("{\"received\":true,\"status\":\"published\",\"event_id\":\""
                        + EventIds.derive("stripe", evt) + "\"}", JsonCompareMode.STRICT);

        // a second copy would have been acknowledged before that answer: the read to the end would hold it
        assertThat(TopicReader.awaitKey(Topics.PAYMENTS.name(), orderId, 1)).hasSize(1);
        IngressFixture.actuator(managementPort).get().uri("/actuator/prometheus").exchange()
                .expectBody(String.class).value(prometheus -> assertThat(prometheus).containsPattern(
                        "ingress_webhooks_total\\{outcome=\"published\",reason=\"repeat\",source=\"stripe\","
                                + "type=\"payment_intent.succeeded\"} [1-9]"));
    }

    @Test
    void simologyActivationLandsOnProviderEventsWithTheLpaEncrypted() {
        String orderId = StripeFixtures.uniqueOrderId();
        String evt = "evt_" + orderId;
        byte[] body = ProviderFixtures.simologyActivationReady(evt, orderId);

        assertThat(ingress.deliver(() -> ingress.provider("simology", "Simology-Signature",
                TestSigners.simology(body, IngressFixture.SIMOLOGY_SECRET, TestSigners.now()), body)).status())
                .isEqualTo(200);

        var records = TopicReader.<ProviderEvent>awaitKey(Topics.PROVIDER_EVENTS.name(), orderId, 1);
        assertThat(records).isNotEmpty();
        ProviderEvent event = records.get(0).value();
        assertThat(event.getEventId()).isEqualTo(EventIds.derive("simology", evt));
        assertThat(event.getProvider()).isEqualTo("simology");
        var ready = (ProviderActivationReady) event.getPayload();
        assertThat(ready.getIccid()).isEqualTo("8988307000001234567");
        assertThat(Keysets.sandbox(Keysets.ACTIVATION).decrypt(ready.getLpa(), event.getEventId()))
                .isEqualTo(ProviderFixtures.LPA);
        assertThat(new String(records.get(0).value().toString())).doesNotContain("ACT-CODE-1234");
    }

    @Test
    void metricsCountOutcomesAndTheLastAcceptedAge() {
        byte[] body = StripeFixtures.load("customer.created").eventId(StripeFixtures.uniqueEventId()).bytes();
        ingress.stripe(body, TestSigners.stripe(body, IngressFixture.NEW_SECRET, TestSigners.now()))
                .expectStatus().isOk();
        ingress.stripe(body, null).expectStatus().isBadRequest();

        String prometheus = IngressFixture.actuator(managementPort).get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(prometheus)
                .contains("ingress_webhooks_total{outcome=\"ignored\",reason=\"event_type_not_handled\","
                        + "source=\"stripe\",type=\"customer.created\"}")
                .contains("ingress_webhooks_total{outcome=\"rejected\",reason=\"signature_invalid\",source=\"stripe\","
                        + "type=\"unverified\"}")
                .contains("ingress_last_accepted_age_seconds{source=\"stripe\"}");
    }

    @Test
    void everyLogLineOfAWebhookCarriesItsRequestIdAndNoPayload() {
        ch.qos.logback.classic.Logger controller = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger("dev.esim.ingress.web.WebhookController");
        var lines = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        lines.start();
        controller.addAppender(lines);
        try {
            String orderId = StripeFixtures.uniqueOrderId();
            byte[] body = StripeFixtures.load("checkout.session.completed").eventId(StripeFixtures.uniqueEventId())
                    .orderId(orderId).bytes();
            String signature = TestSigners.stripe(body, IngressFixture.NEW_SECRET, TestSigners.now());
            assertThat(ingress.deliver(() -> postWithRequestId("req_it_published_0001", body, signature)).status())
                    .isEqualTo(200);
            postWithRequestId("req_it_rejected_00001", body, "t=1,v1=forged").expectStatus().isBadRequest();

            assertThat(lines.list).filteredOn(line -> line.getFormattedMessage().startsWith("Published stripe"))
                    .isNotEmpty()
                    .allSatisfy(line -> {
                        assertThat(line.getMDCPropertyMap()).containsEntry("request_id", "req_it_published_0001");
                        // after the Kafka acknowledgement the request is finished on its connection's event loop
                        // (Reactor Netty's "…-http-epoll-N" / "…-http-nio-N"), not on a pool or producer thread
                        assertThat(line.getThreadName()).containsPattern("-http-[a-z_]+-\\d+$");
                    });
            assertThat(lines.list).filteredOn(line -> line.getFormattedMessage().startsWith("Rejected stripe"))
                    .singleElement()
                    .satisfies(line -> assertThat(line.getMDCPropertyMap())
                            .containsEntry("request_id", "req_it_rejected_00001"));
            assertThat(lines.list).allSatisfy(line -> assertThat(line.getFormattedMessage())
                    .doesNotContain("traveller@example.com").doesNotContain(IngressFixture.NEW_SECRET));
        } finally {
            controller.detachAppender(lines);
        }
    }

    private WebTestClient.ResponseSpec postWithRequestId(String requestId, byte[] body, String signature) {
        return ingress.client().post().uri("/webhooks/stripe")
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-Request-Id", requestId).header("Stripe-Signature", signature)
                .bodyValue(body).exchange();
    }

    /** Publishes a marker after the fact, waits for it, then checks that nothing with {@code orderId} got there. */
    private void assertNothingPublishedFor(String orderId) {
        String marker = StripeFixtures.uniqueOrderId();
        byte[] body = StripeFixtures.load("payment_intent.succeeded").eventId(StripeFixtures.uniqueEventId())
                .orderId(marker).bytes();
        assertThat(ingress.deliverStripe(body,
                () -> TestSigners.stripe(body, IngressFixture.NEW_SECRET, TestSigners.now()))).isEqualTo(200);
        assertThat(TopicReader.<PaymentEvent>awaitKey(Topics.PAYMENTS.name(), marker, 1)).isNotEmpty();
        Set<String> paymentKeys = TopicReader.keys(Topics.PAYMENTS.name());
        Set<String> providerKeys = TopicReader.keys(Topics.PROVIDER_EVENTS.name());
        assertThat(paymentKeys).contains(marker).doesNotContain(orderId);
        assertThat(providerKeys).doesNotContain(orderId);
    }

}
