package dev.esim.catalog.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.esim.catalog.it.InProcessSandbox;
import dev.esim.catalog.plans.CatalogSync;
import dev.esim.events.EventIds;
import dev.esim.events.OrderTokens;
import dev.esim.events.avro.OrderEvent;
import dev.esim.events.avro.OrderExpired;
import dev.esim.events.avro.PaymentEvent;
import dev.esim.events.avro.PaymentSucceeded;
import dev.esim.events.serde.ConfluentAvroDeserializer;
import dev.esim.provider.ProvisionRequest;
import dev.esim.provider.ProvisionResult;
import dev.esim.provider.simology.Simology;
import dev.esim.provider.simology.SimologyConfig;
import dev.esim.sandbox.gateway.StripeSigner;
import dev.esim.sandbox.provider.ProviderSimulator;
import dev.esim.testkit.KafkaRecords;
import dev.esim.testkit.TestInfrastructure;
import dev.esim.testkit.WithKafka;
import dev.esim.testkit.WithPostgres;
import dev.esim.testkit.WithSchemaRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The mop-up job against the real thing on every side: catalog-service on PostgreSQL and Kafka (in-process), the
 * sandbox's Stripe-shaped gateway and provider simulator (in-process, webhooks switched off — every webhook is
 * "lost"), and the real payment-ingress (child JVM) that re-delivered events go through. Journeys are aged by
 * running the job "as of" a later instant rather than by waiting.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "esim.catalog.sync.enabled=false",
        "esim.catalog.outbox.poll-interval=200ms",
        "esim.catalog.checkout.expiry-interval=1h",
        "esim.catalog.reconciliation.enabled=false",
        "esim.catalog.reconciliation.grace-period=1h",
        "esim.catalog.reconciliation.stuck-after=15m",
        "esim.catalog.stripe.max-network-retries=0",
        "logging.level.org.apache.kafka=WARN"})
@WithPostgres(database = "catalog_reconciliation")
@WithKafka(topics = {"esim.payments.v1", "esim.activations.v1", "esim.provider-events.v1", "esim.orders.v1"},
        partitions = 3)
@WithSchemaRegistry
class ReconciliationIT {

    private static final OrderTokens TOKENS = new OrderTokens(OrderTokens.SANDBOX_SECRET);

    private static String orderUri(String orderId) {
        return "/v1/orders/" + orderId + "?token=" + TOKENS.token(orderId);
    }

    private static final String WEBHOOK_SECRET = "whsec_sandbox_local_only_do_not_use_in_production";
    private static final String STRIPE_KEY = "sk_test_sandbox_local";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final InProcessSandbox SANDBOX = InProcessSandbox.start(
            Map.of("sandbox.provider.rate-limit-per-second", 0));

    private static IngressProcess ingress() {
        return IngressProcess.start(TestInfrastructure.kafka().bootstrapServers(), TestInfrastructure.registry().url(),
                SANDBOX.govUkPayApiBase());
    }

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        SANDBOX.wireCatalog(registry);
        registry.add("esim.catalog.reconciliation.webhook-url", () -> ingress().webhookUrl());
        registry.add("esim.catalog.govukpay.webhook-url", () -> ingress().govUkPayWebhookUrl());
        registry.add("spring.kafka.consumer.group-id", () -> "catalog-reconciliation-it-" + UUID.randomUUID());
    }

    @AfterAll
    static void stopSandbox() {
        SANDBOX.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    Reconciliation reconciliation;

    @Autowired
    CatalogSync catalogSync;

    @Autowired
    MeterRegistry meters;

    @Autowired
    JdbcClient jdbc;

    WebTestClient catalog;
    WebTestClient sandbox;

    @BeforeEach
    void clients() {
        catalog = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
        sandbox = WebTestClient.bindToServer().baseUrl(SANDBOX.baseUrl())
                .responseTimeout(Duration.ofSeconds(30)).build();
        catalogSync.refresh();
    }

    @Test
    void aPaidSessionWhoseWebhookNeverArrivedBecomesThePaymentEventTheWebhookWouldHaveProduced() {
        // given a checkout paid on the gateway's page whose webhooks never reached payment-ingress
        Checkout order = checkout();
        pay(order);
        List<JsonNode> lost = gatewayEventsOf(order, "false");
        assertThat(lost).extracting(e -> e.path("type").asString())
                .contains("checkout.session.completed", "payment_intent.succeeded");
        double before = count("redeliver_event", "published");

        // when the job runs once the journey is past the grace period
        reconciliation.run(Instant.now().plus(Duration.ofHours(2)));

        // then the payment events are on esim.payments.v1 with the ids the webhooks would have produced
        Set<String> expectedIds = lost.stream()
                .map(e -> EventIds.derive("stripe", e.path("id").asString())).collect(Collectors.toSet());
        await().atMost(Duration.ofSeconds(30)).until(() -> paymentEventIds(order).containsAll(expectedIds));
        PaymentEvent succeeded = payments(order).stream().map(r -> (PaymentEvent) r.value())
                .filter(e -> e.getEventId().equals(EventIds.derive("stripe", eventOfType(lost,
                        "checkout.session.completed").path("id").asString())))
                .findFirst().orElseThrow();
        assertThat(succeeded.getPayload()).isInstanceOf(PaymentSucceeded.class);
        assertThat(((PaymentSucceeded) succeeded.getPayload()).getCheckoutSessionId()).isEqualTo(order.sessionId());
        awaitStatus(order, "paid");
        assertThat(count("redeliver_event", "published") - before).isGreaterThanOrEqualTo(2);

        // and when the original webhook turns up late after all, it dedupes: same event id, one fact per event
        JsonNode late = eventOfType(lost, "checkout.session.completed");
        String payload = sandbox.get().uri("/stripe/v1/events/{id}", late.path("id").asString())
                .header("Authorization", "Bearer " + STRIPE_KEY).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        WebTestClient.bindToServer().baseUrl(ingress().webhookUrl()).build()
                .post().header("Stripe-Signature", StripeSigner.header(payload, WEBHOOK_SECRET))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(payload).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("published")
                .jsonPath("$.event_id").isEqualTo(EventIds.derive("stripe", late.path("id").asString()));
        // (payment-ingress answers it from memory, since it published the event for the reconciliation; a copy it
        // wrote would be on the topic already, acknowledged before that answer)
        assertThat(paymentEventIds(order)).isEqualTo(expectedIds);
        // the listener commits each fact after the record is on the topic: wait for the row, then it must be exact
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.sql(
                        "select count(*) from order_events where order_id = :id and fact = 'PAYMENT_SUCCEEDED'")
                .param("id", order.orderId()).query(Integer.class).single()).isEqualTo(expectedIds.size()));
        awaitStatus(order, "paid");
    }

    @Test
    void aGovUkPayPaymentAndRefundWhoseMessagesNeverArrivedAreRecoveredThroughPaymentIngress() {
        // given a checkout the traveller asked to pay through GOV.UK Pay, in pounds
        Checkout order = checkout("govukpay", "GB-1GB-7D");
        JsonNode payment = govUkPay("/v1/payments/" + order.sessionId());
        assertThat(payment.path("reference").asString()).isEqualTo(order.orderId());
        long total = jdbc.sql("select total_minor from orders where order_id = :id").param("id", order.orderId())
                .query(Long.class).single();
        assertThat(payment.path("amount").asLong()).isEqualTo(total);
        assertThat(jdbc.sql("select payment_gateway from orders where order_id = :id")
                .param("id", order.orderId()).query(String.class).single()).isEqualTo("govukpay");

        // and paid on GOV.UK Pay's page, every message to our webhook lost
        sandbox.post().uri("/govukpay/pay/{id}", order.sessionId())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("action", "pay")).exchange()
                .expectStatus().isSeeOther();
        assertThat(govUkPay("/v1/payments/" + order.sessionId()).path("state").path("status").asString())
                .isEqualTo("success");

        // when the job runs past the grace period, then the payment arrives as the message would have made it
        reconciliation.run(Instant.now().plus(Duration.ofHours(2)));
        String paidEventId = EventIds.derive("govukpay", order.sessionId() + "/card_payment_succeeded");
        await().atMost(Duration.ofSeconds(30)).until(() -> paymentEventIds(order).contains(paidEventId));
        PaymentEvent paid = payments(order).stream().map(r -> (PaymentEvent) r.value())
                .filter(e -> e.getEventId().equals(paidEventId)).findFirst().orElseThrow();
        assertThat(paid.getGateway()).isEqualTo("govukpay");
        assertThat(((PaymentSucceeded) paid.getPayload()).getAmount().getAmountMinor()).isEqualTo(total);
        assertThat(((PaymentSucceeded) paid.getPayload()).getAmount().getCurrency()).isEqualTo("GBP");
        awaitStatus(order, "paid");

        // when support refunds the order, then GOV.UK Pay refunds the whole payment
        catalog.post().uri("/v1/refunds").header("Idempotency-Key", "reconciliation-" + UUID.randomUUID())
                .header("Authorization", "Bearer support_sandbox_token_local")
                .bodyValue(Map.of("order_id", order.orderId(), "reason", "trip cancelled")).exchange()
                .expectStatus().isAccepted()
                .expectBody().jsonPath("$.amount.currency").isEqualTo("GBP");
        JsonNode[] refund = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            refund[0] = govUkPay("/v1/payments/" + order.sessionId() + "/refunds");
            return refund[0].toString().contains("\"success\"");
        });
        assertThat(govUkPay("/v1/payments/" + order.sessionId()).path("refund_summary").path("amount_available")
                .asLong()).isZero();

        // and the refund's lost message is recovered too: the order ends refunded, through payment-ingress
        reconciliation.run(Instant.now().plus(Duration.ofHours(2)));
        awaitStatus(order, "refunded");
        assertThat(payments(order).stream().map(r -> (PaymentEvent) r.value())
                .filter(e -> "card_payment_refunded".equals(e.getGatewayEventType()))).hasSize(1);

        // and a second run changes nothing: each recovered message went to payment-ingress once
        int before = payments(order).size();
        reconciliation.run(Instant.now().plus(Duration.ofHours(2)));
        sleep(2_000);
        assertThat(payments(order)).hasSize(before);
    }

    @Test
    void aGovUkPayCheckoutInACurrencyItDoesNotTakeIsRefusedAndCreatesNothing() {
        long orders = jdbc.sql("select count(*) from orders").query(Long.class).single();
        catalog.post().uri("/v1/checkout/sessions")
                .header("Idempotency-Key", "reconciliation-" + UUID.randomUUID())
                .bodyValue(Map.of(
                        "customer", Map.of("email", "alex@example.com", "country", "GB"),
                        "items", List.of(Map.of("sku", "US-5GB-30D", "quantity", 1)),
                        "success_url", "https://shop.example/success",
                        "cancel_url", "https://shop.example/cancel",
                        "payment_gateway", "govukpay"))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("validation_error")
                .jsonPath("$.error.message").value(m -> assertThat((String) m).contains("govukpay", "USD"));
        assertThat(jdbc.sql("select count(*) from orders").query(Long.class).single()).isEqualTo(orders);
    }

    @Test
    void aJourneyYoungerThanTheGracePeriodIsLeftAlone() {
        // given a payment made a moment ago whose webhooks were lost
        Checkout order = checkout();
        pay(order);

        // when the job runs now (grace period: one hour)
        reconciliation.run(Instant.now());

        // then nothing is re-delivered for it and the order still waits for its payment
        sleep(2_000);
        assertThat(payments(order)).isEmpty();
        assertThat(status(order)).isEqualTo("pending_payment");

        // and once the journey is older than the grace period, the same job recovers it (the check above can fail)
        reconciliation.run(Instant.now().plus(Duration.ofMinutes(61)));
        awaitStatus(order, "paid");
    }

    @Test
    void aSessionPaidAtTheGatewayThatReDeliveryCannotFixIsFlaggedForSupport() {
        // given a paid session whose events an earlier run already handed to payment-ingress, without effect here
        // (say the payment event went to the dead-letter topic): re-delivering again would change nothing
        Checkout order = checkout();
        pay(order);
        for (JsonNode event : gatewayEventsOf(order, "false")) {
            jdbc.sql("insert into reconciliation_redeliveries (event_id, event_type, object_id, redelivered_at)"
                            + " values (:id, :type, :object, now())")
                    .param("id", event.path("id").asString()).param("type", event.path("type").asString())
                    .param("object", event.path("data").path("object").path("id").asString()).update();
        }

        // when the job runs past the grace period and the session lifetime
        reconciliation.run(Instant.now().plus(Duration.ofHours(2)));

        // then the order is flagged, not expired (the gateway took the money), and nothing was re-delivered again
        assertThat(openFinding(order.orderId())).isEqualTo("PAYMENT_NOT_RECORDED");
        assertThat(alerts("payment_not_recorded")).isGreaterThanOrEqualTo(1);
        assertThat(status(order)).isEqualTo("pending_payment");
        sleep(1_000);
        assertThat(payments(order)).isEmpty();
    }

    @Test
    void aPaidOrderNotActiveButCompletedAtTheProviderIsFlaggedForSupportAndOneWithNothingThereAsStuck() {
        // given two paid orders (webhooks delivered by hand) that never became active:
        // the provider completed the first (its activation never reached us), it has nothing for the second
        Checkout completedThere = checkout();
        Checkout nothingThere = checkout();
        for (Checkout order : List.of(completedThere, nothingThere)) {
            pay(order);
            deliverByHand(eventOfType(gatewayEventsOf(order, "false"), "checkout.session.completed"));
            awaitStatus(order, "paid");
        }
        ProvisionResult provisioned = Simology.provider(new SimologyConfig(
                        URI.create(SANDBOX.providerBaseUrl()), "sk_sandbox_simology_local"))
                .provision(ProvisionRequest.forOrder(completedThere.orderId(), "US-5GB-30D"));
        assertThat(provisioned).isInstanceOf(ProvisionResult.Completed.class);
        double completedBefore = count("check_provider", "provider_completed");
        double stuckBefore = count("check_provider", "stuck");

        // when the job runs 20 minutes after the payments (stuck-after: 15 minutes)
        reconciliation.run(Instant.now().plus(Duration.ofMinutes(20)));

        // then each is recorded for support, counted, and raised on the alert gauge
        assertThat(openFinding(completedThere.orderId())).isEqualTo("PROVIDER_COMPLETED");
        assertThat(openFinding(nothingThere.orderId())).isEqualTo("STUCK");
        assertThat(count("check_provider", "provider_completed") - completedBefore).isEqualTo(1);
        assertThat(count("check_provider", "stuck") - stuckBefore).isGreaterThanOrEqualTo(1);
        assertThat(alerts("provider_completed")).isGreaterThanOrEqualTo(1);
        assertThat(alerts("stuck")).isGreaterThanOrEqualTo(1);
        // and catalog provisioned nothing itself: still the one profile the "worker" got, none for the other
        ProviderSimulator simulator = SANDBOX.bean(ProviderSimulator.class);
        assertThat(simulator.profilesIssued(completedThere.orderId())).isEqualTo(1);
        assertThat(simulator.profilesIssued(nothingThere.orderId())).isZero();
        assertThat(status(completedThere)).isEqualTo("paid");

        // and a second run keeps one finding per order (the gauge counts orders, not runs)
        reconciliation.run(Instant.now().plus(Duration.ofMinutes(25)));
        assertThat(jdbc.sql("select count(*) from reconciliation_findings where order_id = :id")
                .param("id", completedThere.orderId()).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void anUnpaidOrderPastItsSessionLifetimeIsExpiredTogetherWithItsGatewaySession() {
        // given a checkout nobody paid
        Checkout order = checkout();
        double before = count("expire", "expired");

        // when the job runs after the session lifetime (90 minutes)
        reconciliation.run(Instant.now().plus(Duration.ofMinutes(91)));

        // then the gateway session can no longer be paid, the order is expired, OrderExpired is on esim.orders.v1
        sandbox.get().uri("/stripe/v1/checkout/sessions/{id}", order.sessionId())
                .header("Authorization", "Bearer " + STRIPE_KEY).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("expired");
        assertThat(status(order)).isEqualTo("expired");
        await().atMost(Duration.ofSeconds(30)).until(() -> records("esim.orders.v1").stream()
                .filter(r -> order.orderId().equals(r.key()))
                .anyMatch(r -> ((OrderEvent) r.value()).getPayload() instanceof OrderExpired));
        assertThat(count("expire", "expired") - before).isGreaterThanOrEqualTo(1);
        sandbox.post().uri("/pay/{id}", order.sessionId()).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("action", "pay")).exchange()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT);
    }

    // ---- fixtures

    record Checkout(String orderId, String sessionId) {
    }

    private Checkout checkout() {
        return checkout("stripe", "US-5GB-30D");
    }

    private Checkout checkout(String gateway, String sku) {
        JsonNode created = catalog.post().uri("/v1/checkout/sessions")
                .header("Idempotency-Key", "reconciliation-" + UUID.randomUUID())
                .bodyValue(Map.of(
                        "customer", Map.of("email", "alex@example.com", "country", "GB"),
                        "items", List.of(Map.of("sku", sku, "quantity", 1)),
                        "success_url", "https://shop.example/success?session_id={SESSION_ID}",
                        "cancel_url", "https://shop.example/cancel",
                        "metadata", Map.of("source", "reconciliation-it"),
                        "payment_gateway", gateway))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        return new Checkout(created.path("order_id").asString(), created.path("id").asString());
    }

    /** GOV.UK Pay's API (the sandbox's stand-in), as the shop's key reads it. */
    private JsonNode govUkPay(String path) {
        return sandbox.get().uri("/govukpay" + path).header("Authorization", "Bearer api_test_sandbox_govukpay_local")
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    /** The traveller presses Pay on the gateway's checkout page. */
    private void pay(Checkout order) {
        sandbox.post().uri("/pay/{id}", order.sessionId()).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("action", "pay")).exchange()
                .expectStatus().isSeeOther();
    }

    /** The gateway's events about this order; {@code delivered} "false" = the undelivered ones. */
    private List<JsonNode> gatewayEventsOf(Checkout order, String delivered) {
        JsonNode list = sandbox.get().uri(b -> b.path("/stripe/v1/events").queryParam("limit", 100)
                        .queryParam("delivery_success", delivered).build())
                .header("Authorization", "Bearer " + STRIPE_KEY).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        return StreamSupport.stream(list.path("data").spliterator(), false)
                .filter(e -> order.orderId().equals(e.path("data").path("object").path("metadata")
                        .path("order_id").asString(null)))
                .toList();
    }

    private static JsonNode eventOfType(List<JsonNode> events, String type) {
        return events.stream().filter(e -> type.equals(e.path("type").asString())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " among " + events.size() + " events"));
    }

    /** A webhook that did arrive: the event, signed as Stripe signs it, straight to payment-ingress. */
    private static void deliverByHand(JsonNode event) {
        String payload = JSON.writeValueAsString(event);
        WebTestClient.bindToServer().baseUrl(ingress().webhookUrl()).responseTimeout(Duration.ofSeconds(30)).build()
                .post().header("Stripe-Signature", StripeSigner.header(payload, WEBHOOK_SECRET))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(payload).exchange()
                .expectStatus().isOk();
    }

    private String status(Checkout order) {
        return catalog.get().uri(orderUri(order.orderId())).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody()
                .path("status").asString();
    }

    private void awaitStatus(Checkout order, String status) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> status.equals(status(order)));
    }

    private String openFinding(String orderId) {
        return jdbc.sql("select kind from reconciliation_findings where order_id = :id and resolved_at is null")
                .param("id", orderId).query(String.class).single();
    }

    private double count(String action, String outcome) {
        var counter = meters.find(ReconciliationMetrics.ACTIONS).tag("action", action).tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private double alerts(String kind) {
        return meters.get(ReconciliationMetrics.ALERTS).tag("kind", kind).gauge().value();
    }

    private static List<ConsumerRecord<String, Object>> payments(Checkout order) {
        return records("esim.payments.v1").stream().filter(r -> order.orderId().equals(r.key())).toList();
    }

    private static Set<String> paymentEventIds(Checkout order) {
        return payments(order).stream().map(r -> ((PaymentEvent) r.value()).getEventId()).collect(Collectors.toSet());
    }

    private static List<ConsumerRecord<String, Object>> records(String topic) {
        ConfluentAvroDeserializer values = new ConfluentAvroDeserializer();
        values.configure(Map.of("schema.registry.url", TestInfrastructure.registry().url(),
                "specific.avro.reader", true), false);
        return KafkaRecords.of(topic, new StringDeserializer(), values).readAll();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
