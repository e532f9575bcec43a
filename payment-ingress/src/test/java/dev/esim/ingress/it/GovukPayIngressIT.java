package dev.esim.ingress.it;

import static dev.esim.ingress.it.IngressFixture.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.esim.events.EventIds;
import dev.esim.events.Topics;
import dev.esim.events.avro.PaymentEvent;
import dev.esim.events.avro.PaymentFailed;
import dev.esim.events.avro.PaymentSucceeded;
import dev.esim.events.avro.RefundSucceeded;
import dev.esim.events.crypto.Keysets;
import dev.esim.ingress.fixtures.GovukPayFixtures;
import dev.esim.ingress.fixtures.TestSigners;
import dev.esim.testkit.WithKafka;
import dev.esim.testkit.WithSchemaRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * GOV.UK Pay as it sees the service: signed webhook messages over HTTP to {@code /webhooks/govukpay}, Avro records
 * on the real (in-process) Kafka out. A refund names only its payment, so the ingress asks GOV.UK Pay's API (here a
 * local fake answering like {@code GET /v1/payments/{payment_id}}) for the payment's reference, our order id.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "esim.ingress.govukpay.webhook-secrets=" + IngressFixture.GOVUKPAY_OLD_SECRET + ","
                + IngressFixture.GOVUKPAY_NEW_SECRET,
        "esim.ingress.govukpay.api-timeout=500ms",
        "esim.ingress.max-body-size=64KB"})
@WithKafka(topics = {"esim.payments.v1", "esim.provider-events.v1"}, partitions = 3)
@WithSchemaRegistry
class GovukPayIngressIT {

    private static final FakeGovukPayApi GOVUKPAY = new FakeGovukPayApi();
    private static final String API_KEY = "api_test_govukpay_it";

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    private IngressFixture ingress;

    @DynamicPropertySource
    static void govukPayApi(DynamicPropertyRegistry registry) {
        registry.add("esim.ingress.govukpay.api-base", GOVUKPAY::base);
        registry.add("esim.ingress.govukpay.api-key", () -> API_KEY);
    }

    @AfterAll
    static void stop() {
        GOVUKPAY.server.stop(0);
    }

    @BeforeEach
    void client() {
        ingress = new IngressFixture(port);
        GOVUKPAY.fault.set(Fault.NONE);
    }

    @Test
    void aSucceededPaymentLandsOnThePaymentsTopicKeyedByItsReference() {
        String orderId = GovukPayFixtures.uniqueOrderId();
        String paymentId = GovukPayFixtures.uniquePaymentId();
        GovukPayFixtures message = GovukPayFixtures.payment("card_payment_succeeded", paymentId, orderId);
        byte[] body = message.bytes();
        String eventId = EventIds.derive("govukpay", paymentId + "/card_payment_succeeded");

        var delivery = ingress.deliver(() -> ingress.govukpay(body, sign(body)));

        assertThat(delivery.status()).isEqualTo(200);
        assertThat(delivery.body()).contains("\"status\":\"published\"").contains("\"event_id\":\"" + eventId + "\"");
        var records = TopicReader.<PaymentEvent>awaitKey(Topics.PAYMENTS.name(), orderId, 1);
        assertThat(records).isNotEmpty();
        PaymentEvent event = records.get(0).value();
        assertThat(event.getEventId()).isEqualTo(eventId);
        assertThat(event.getOrderId()).isEqualTo(orderId);
        assertThat(event.getCausationId()).isEqualTo(message.messageId());
        assertThat(event.getGateway()).isEqualTo("govukpay");
        assertThat(event.getGatewayEventType()).isEqualTo("card_payment_succeeded");
        assertThat(event.getLivemode()).isFalse();
        PaymentSucceeded paid = (PaymentSucceeded) event.getPayload();
        assertThat(paid.getAmount().getAmountMinor()).isEqualTo(1499L);
        assertThat(paid.getAmount().getCurrency()).isEqualTo("GBP");
        assertThat(paid.getCheckoutSessionId()).isEqualTo(paymentId);
        assertThat(paid.getPaymentIntentId()).isEqualTo(paymentId);
        // the message as received, encrypted with the PII keyset like Stripe's: the e-mail is not on the topic
        assertThat(new String(event.getOriginalPayload().getCiphertext().array(), StandardCharsets.ISO_8859_1))
                .doesNotContain("traveller@example.com");
        assertThat(Keysets.sandbox(Keysets.PII).decrypt(event.getOriginalPayload(), event.getEventId()))
                .isEqualTo(new String(body, StandardCharsets.UTF_8));
        assertThat(GOVUKPAY.lookups).doesNotContain(paymentId); // a payment names its order itself
    }

    @Test
    void aSecondDeliveryAndAMessageRebuiltByReconciliationArePublishedOnce() {
        String orderId = GovukPayFixtures.uniqueOrderId();
        String paymentId = GovukPayFixtures.uniquePaymentId();
        byte[] original = GovukPayFixtures.payment("card_payment_succeeded", paymentId, orderId).bytes();
        byte[] rebuilt = GovukPayFixtures.payment("card_payment_succeeded", paymentId, orderId)
                .field("created_date", "2026-03-02T11:00:00Z").bytes();

        for (byte[] body : List.of(original, original, rebuilt)) {
            assertThat(ingress.deliver(() -> ingress.govukpay(body, sign(body))).status()).isEqualTo(200);
        }

        // one event: the repeat and the rebuilt message are answered as already published (RememberingPublisher);
        // a publish that timed out and was retried by the "gateway" may have landed twice, under the one event id
        var records = TopicReader.<PaymentEvent>awaitKey(Topics.PAYMENTS.name(), orderId, 1);
        assertThat(records).hasSizeBetween(1, 2);
        assertThat(records.stream().map(r -> r.value().getEventId()).distinct())
                .containsExactly(EventIds.derive("govukpay", paymentId + "/card_payment_succeeded"));
    }

    @Test
    void declinedAndExpiredPaymentsArePaymentFailedWithGovukPaysCode() {
        String orderId = GovukPayFixtures.uniqueOrderId();
        for (String type : List.of("card_payment_failed", "card_payment_expired")) {
            byte[] body = GovukPayFixtures.payment(type, GovukPayFixtures.uniquePaymentId(), orderId).bytes();
            assertThat(ingress.deliver(() -> ingress.govukpay(body, sign(body))).status()).isEqualTo(200);
        }

        var records = TopicReader.<PaymentEvent>awaitKey(Topics.PAYMENTS.name(), orderId, 2);
        assertThat(records).extracting(r -> r.value().getGatewayEventType())
                .containsSubsequence("card_payment_failed", "card_payment_expired");
        assertThat(records).extracting(r -> ((PaymentFailed) r.value().getPayload()).getReason())
                .containsSubsequence("P0010", "P0020");
    }

    @Test
    void aRefundIsPublishedForTheOrderGovukPaysApiNamesForItsPayment() {
        String orderId = GovukPayFixtures.uniqueOrderId();
        String paymentId = GovukPayFixtures.uniquePaymentId();
        String refundId = GovukPayFixtures.uniquePaymentId();
        GOVUKPAY.references.put(paymentId, orderId);
        byte[] body = GovukPayFixtures.refund(refundId, paymentId).bytes();

        assertThat(ingress.deliver(() -> ingress.govukpay(body, sign(body))).status()).isEqualTo(200);

        var records = TopicReader.<PaymentEvent>awaitKey(Topics.PAYMENTS.name(), orderId, 1);
        assertThat(records).isNotEmpty();
        PaymentEvent event = records.get(0).value();
        assertThat(event.getEventId()).isEqualTo(EventIds.derive("govukpay", refundId + "/card_payment_refunded"));
        assertThat(event.getGatewayEventType()).isEqualTo("card_payment_refunded");
        RefundSucceeded refund = (RefundSucceeded) event.getPayload();
        assertThat(refund.getRefundId()).isEqualTo(refundId);
        assertThat(refund.getAmount().getAmountMinor()).isEqualTo(500L);
        assertThat(refund.getAmount().getCurrency()).isEqualTo("GBP");
        assertThat(refund.getPaymentIntentId()).isEqualTo(paymentId);
        assertThat(GOVUKPAY.lookups).contains(paymentId);
        assertThat(GOVUKPAY.authorizations).isNotEmpty().allMatch(("Bearer " + API_KEY)::equals);
    }

    @Test
    void whileGovukPaysApiFailsOrIsSlowARefundIsAnswered503AndPublishedOnceItAnswers() {
        String orderId = GovukPayFixtures.uniqueOrderId();
        String paymentId = GovukPayFixtures.uniquePaymentId();
        GOVUKPAY.references.put(paymentId, orderId);
        byte[] body = GovukPayFixtures.refund(GovukPayFixtures.uniquePaymentId(), paymentId).bytes();

        for (Fault fault : List.of(Fault.ERROR, Fault.SLOW, Fault.UNAUTHORISED)) {
            GOVUKPAY.fault.set(fault);
            expectError(ingress.govukpay(body, sign(body)).expectHeader().valueEquals("Retry-After", "5"), 503,
                    "server_error");
        }
        assertThat(TopicReader.keys(Topics.PAYMENTS.name())).doesNotContain(orderId);

        GOVUKPAY.fault.set(Fault.NONE);
        assertThat(ingress.deliver(() -> ingress.govukpay(body, sign(body))).status()).isEqualTo(200);
        assertThat(TopicReader.<PaymentEvent>awaitKey(Topics.PAYMENTS.name(), orderId, 1)).isNotEmpty();
    }

    @Test
    void aRefundOfAPaymentGovukPayDoesNotKnowOrThatIsNotOurOrderIsRefusedAndNotPublished() {
        String unknownPayment = GovukPayFixtures.uniquePaymentId();
        String foreignPayment = GovukPayFixtures.uniquePaymentId();
        GOVUKPAY.references.put(foreignPayment, "COUNCIL-TAX-2026-0042");
        byte[] unknown = GovukPayFixtures.refund(GovukPayFixtures.uniquePaymentId(), unknownPayment).bytes();
        byte[] foreign = GovukPayFixtures.refund(GovukPayFixtures.uniquePaymentId(), foreignPayment).bytes();

        expectError(ingress.govukpay(unknown, sign(unknown)), 400, "validation_error");
        expectError(ingress.govukpay(foreign, sign(foreign)), 400, "validation_error");

        assertThat(GOVUKPAY.lookups).contains(unknownPayment, foreignPayment);
        assertThat(TopicReader.keys(Topics.PAYMENTS.name())).doesNotContain("COUNCIL-TAX-2026-0042");
    }

    @Test
    void startedCapturedAndSettledPaymentsGet200AndAreNotPublished() {
        String orderId = GovukPayFixtures.uniqueOrderId();
        for (String type : List.of("card_payment_started", "card_payment_captured", "card_payment_settled")) {
            byte[] body = GovukPayFixtures.payment(type, GovukPayFixtures.uniquePaymentId(), orderId).bytes();
            ingress.govukpay(body, sign(body))
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.received").isEqualTo(true)
                    .jsonPath("$.status").isEqualTo("ignored")
                    .jsonPath("$.reason").isEqualTo("event_type_not_handled");
        }

        assertNothingPublishedFor(orderId);
    }

    @Test
    void bothSecretsAreAcceptedWhileRotatingAndAnyOtherIsRefused() {
        String orderId = GovukPayFixtures.uniqueOrderId();
        for (String secret : List.of(IngressFixture.GOVUKPAY_OLD_SECRET, IngressFixture.GOVUKPAY_NEW_SECRET)) {
            byte[] body = GovukPayFixtures.payment("card_payment_succeeded", GovukPayFixtures.uniquePaymentId(),
                    orderId).bytes();
            assertThat(ingress.deliver(() -> ingress.govukpay(body, TestSigners.govukPay(body, secret))).status())
                    .isEqualTo(200);
        }
        String refused = GovukPayFixtures.uniqueOrderId();
        byte[] body = GovukPayFixtures.payment("card_payment_succeeded", GovukPayFixtures.uniquePaymentId(), refused)
                .bytes();
        expectError(ingress.govukpay(body, TestSigners.govukPay(body, "govukpay_whsec_retired")), 400,
                "signature_invalid");

        assertThat(TopicReader.<PaymentEvent>awaitKey(Topics.PAYMENTS.name(), orderId, 2))
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(TopicReader.keys(Topics.PAYMENTS.name())).doesNotContain(refused);
    }

    @Test
    void everyClassOfBadInputGetsItsStatusAndCanonicalBodyAndReachesNoTopic() {
        String orderId = GovukPayFixtures.uniqueOrderId();
        String paymentId = GovukPayFixtures.uniquePaymentId();
        byte[] good = GovukPayFixtures.payment("card_payment_succeeded", paymentId, orderId).bytes();
        byte[] huge = new byte[65 * 1024];
        Arrays.fill(huge, (byte) ' ');
        byte[] tampered = new String(good, StandardCharsets.UTF_8).replace("\"amount\":1499", "\"amount\":1")
                .getBytes(StandardCharsets.UTF_8);
        byte[] malformed = ("{\"id\":\"msg1\",\"event_type\":\"card_payment_succeeded\", " + orderId)
                .getBytes(StandardCharsets.UTF_8);
        byte[] noReference = GovukPayFixtures.payment("card_payment_succeeded", paymentId, orderId)
                .withoutResourceField("reference").bytes();
        byte[] notOurs = GovukPayFixtures.payment("card_payment_succeeded", paymentId, orderId)
                .resourceField("reference", orderId.toUpperCase(java.util.Locale.ROOT)).bytes();
        byte[] free = GovukPayFixtures.payment("card_payment_succeeded", paymentId, orderId)
                .resourceField("amount", 0).bytes();
        byte[] wrongType = GovukPayFixtures.payment("card_payment_succeeded", paymentId, orderId)
                .field("resource_type", "refund").bytes();

        expectError(ingress.client().get().uri("/webhooks/govukpay").exchange()
                .expectHeader().valueEquals("Allow", "POST"), 405, "validation_error");
        expectError(ingress.govukpay(huge, sign(huge)), 413, "payload_too_large");
        expectError(ingress.govukpay(good, null), 400, "signature_invalid");
        expectError(ingress.govukpay(good, "sha256=" + sign(good)), 400, "signature_invalid");
        expectError(ingress.govukpay(tampered, sign(good)), 400, "signature_invalid");
        for (byte[] invalid : List.of(malformed, noReference, notOurs, free, wrongType)) {
            expectError(ingress.govukpay(invalid, sign(invalid)), 400, "validation_error");
        }
        // a signature from another scheme's header is no signature here
        expectError(ingress.client().post().uri("/webhooks/govukpay").contentType(MediaType.APPLICATION_JSON)
                .header("Stripe-Signature", sign(good)).bodyValue(good).exchange(), 400, "signature_invalid");

        assertNothingPublishedFor(orderId);
    }

    @Test
    void metricsAndLogLinesNameTheSourceAndNeverTheBodyOrASecret() {
        ch.qos.logback.classic.Logger controller = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger("dev.esim.ingress.web.WebhookController");
        var lines = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        lines.start();
        controller.addAppender(lines);
        try {
            byte[] paid = GovukPayFixtures.payment("card_payment_succeeded", GovukPayFixtures.uniquePaymentId(),
                    GovukPayFixtures.uniqueOrderId()).bytes();
            byte[] started = GovukPayFixtures.payment("card_payment_started", GovukPayFixtures.uniquePaymentId(),
                    GovukPayFixtures.uniqueOrderId()).bytes();
            assertThat(ingress.deliver(() -> ingress.govukpay(paid, sign(paid))).status()).isEqualTo(200);
            ingress.govukpay(started, sign(started)).expectStatus().isOk();
            ingress.govukpay(paid, tampered(sign(paid))).expectStatus().isBadRequest();

            String prometheus = IngressFixture.actuator(managementPort).get().uri("/actuator/prometheus").exchange()
                    .expectStatus().isOk()
                    .expectBody(String.class).returnResult().getResponseBody();
            assertThat(prometheus)
                    .contains("ingress_webhooks_total{outcome=\"published\",reason=\"none\",source=\"govukpay\","
                            + "type=\"card_payment_succeeded\"}")
                    .contains("ingress_webhooks_total{outcome=\"ignored\",reason=\"event_type_not_handled\","
                            + "source=\"govukpay\",type=\"card_payment_started\"}")
                    .contains("ingress_webhooks_total{outcome=\"rejected\",reason=\"signature_invalid\","
                            + "source=\"govukpay\",type=\"unverified\"}")
                    .contains("ingress_last_accepted_age_seconds{source=\"govukpay\"}");
            assertThat(lines.list).filteredOn(line -> line.getFormattedMessage().startsWith("Published govukpay"))
                    .isNotEmpty()
                    .allSatisfy(line -> assertThat(line.getMDCPropertyMap()).containsKey("request_id"));
            assertThat(lines.list).filteredOn(line -> line.getFormattedMessage().startsWith("Rejected govukpay"))
                    .isNotEmpty();
            assertThat(lines.list).allSatisfy(line -> assertThat(line.getFormattedMessage())
                    .doesNotContain("traveller@example.com").doesNotContain("Test Traveller")
                    .doesNotContain(IngressFixture.GOVUKPAY_NEW_SECRET).doesNotContain(API_KEY));
        } finally {
            controller.detachAppender(lines);
        }
    }

    private static String sign(byte[] body) {
        return TestSigners.govukPay(body, IngressFixture.GOVUKPAY_NEW_SECRET);
    }

    /** The signature with its first hex digit changed (always a different one). */
    private static String tampered(String signature) {
        return (signature.charAt(0) == '0' ? "1" : "0") + signature.substring(1);
    }

    /** Publishes a marker after the fact, waits for it, then checks that nothing with {@code orderId} got there. */
    private void assertNothingPublishedFor(String orderId) {
        String marker = GovukPayFixtures.uniqueOrderId();
        byte[] body = GovukPayFixtures.payment("card_payment_succeeded", GovukPayFixtures.uniquePaymentId(), marker)
                .bytes();
        assertThat(ingress.deliver(() -> ingress.govukpay(body, sign(body))).status()).isEqualTo(200);
        assertThat(TopicReader.<PaymentEvent>awaitKey(Topics.PAYMENTS.name(), marker, 1)).isNotEmpty();
        Set<String> paymentKeys = TopicReader.keys(Topics.PAYMENTS.name());
        assertThat(paymentKeys).contains(marker).doesNotContain(orderId);
        assertThat(TopicReader.keys(Topics.PROVIDER_EVENTS.name())).doesNotContain(orderId);
    }

    private enum Fault { NONE, ERROR, SLOW, UNAUTHORISED }

    /**
     * {@code GET /v1/payments/{payment_id}} as GOV.UK Pay answers it: the payment with its reference, 404 with
     * GOV.UK Pay's error body for an unknown one, or the fault a test sets.
     */
    private static final class FakeGovukPayApi {

        final Map<String, String> references = new ConcurrentHashMap<>();
        final List<String> lookups = new CopyOnWriteArrayList<>();
        final List<String> authorizations = new CopyOnWriteArrayList<>();
        final AtomicReference<Fault> fault = new AtomicReference<>(Fault.NONE);
        final HttpServer server;

        FakeGovukPayApi() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // several threads: a slow answer must not hold up the next test's lookup
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.createContext("/v1/payments/", exchange -> {
                authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                String id = exchange.getRequestURI().getPath().substring("/v1/payments/".length());
                lookups.add(id);
                String reference = references.get(id);
                int status;
                String body;
                switch (fault.get()) {
                    case ERROR -> {
                        status = 500;
                        body = "{\"code\":\"P0999\",\"description\":\"GOV.UK Pay is unavailable\"}";
                    }
                    case UNAUTHORISED -> {
                        status = 401;
                        body = "{\"code\":\"P0920\",\"description\":\"Credentials are required\"}";
                    }
                    case SLOW -> {
                        sleep(1500); // the ingress gives up after its 500 ms api-timeout
                        status = 200;
                        body = payment(id, reference);
                    }
                    default -> {
                        status = reference == null ? 404 : 200;
                        body = reference == null ? "{\"code\":\"P0200\",\"description\":\"Not found\"}"
                                : payment(id, reference);
                    }
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                try {
                    exchange.sendResponseHeaders(status, bytes.length);
                    exchange.getResponseBody().write(bytes);
                } catch (IOException e) {
                    // the ingress hung up on a slow answer
                }
                exchange.close();
            });
            server.start();
        }

        private static String payment(String id, String reference) {
            return "{\"payment_id\":\"" + id + "\",\"amount\":1499,\"reference\":\"" + reference + "\","
                    + "\"description\":\"eSIM Europe 5 GB, 30 days\",\"language\":\"en\","
                    + "\"state\":{\"status\":\"success\",\"finished\":true},"
                    + "\"refund_summary\":{\"status\":\"available\",\"amount_available\":999,"
                    + "\"amount_submitted\":500}}";
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        String base() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }
    }
}
