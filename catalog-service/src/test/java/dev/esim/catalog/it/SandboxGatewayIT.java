package dev.esim.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esim.catalog.plans.CatalogSync;
import dev.esim.testkit.WithKafka;
import dev.esim.testkit.WithPostgres;
import dev.esim.testkit.WithSchemaRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The local default, end to end through stripe-java: the sandbox module (in-process) serves the provider's
 * catalogue and the Stripe-shaped gateway; a checkout's payment_url is the sandbox's hosted checkout page.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "esim.catalog.sync.enabled=false", "esim.catalog.outbox.poll-interval=200ms",
        "logging.level.org.apache.kafka=WARN"})
@WithPostgres(database = "catalog_sandbox")
@WithKafka
@WithSchemaRegistry
class SandboxGatewayIT {

    private static final InProcessSandbox SANDBOX = InProcessSandbox.start(Map.of());

    @DynamicPropertySource
    static void sandbox(DynamicPropertyRegistry registry) {
        SANDBOX.wireCatalog(registry);
        registry.add("spring.kafka.consumer.group-id", () -> "catalog-sandbox-it-" + UUID.randomUUID());
    }

    @AfterAll
    static void stopSandbox() {
        SANDBOX.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    CatalogSync catalogSync;

    @Test
    void aCheckoutsPaymentUrlServesTheSandboxCheckoutPage() {
        WebTestClient http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();

        // given the simulator's catalogue, priced by us (US-5GB-30D: 9.50 USD net → 12.99)
        catalogSync.refresh();
        http.get().uri("/v1/catalog/US-5GB-30D").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.price.amount").isEqualTo(12.99);

        // when a traveller checks out
        JsonNode session = http.post().uri("/v1/checkout/sessions")
                .header("Idempotency-Key", "sandbox-" + UUID.randomUUID())
                .bodyValue(CheckoutIT.body("US-5GB-30D", 1, "sandbox-it", Map.of())).exchange()
                .expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        // then the payment URL is the sandbox gateway's checkout page for that session, showing our price
        String paymentUrl = session.get("payment_url").asString();
        assertThat(paymentUrl).isEqualTo(SANDBOX.baseUrl() + "/pay/" + session.get("id").asString());
        String page = WebTestClient.bindToServer().baseUrl(SANDBOX.baseUrl()).build()
                .get().uri(paymentUrl).accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(page).contains("12.99").containsIgnoringCase("pay");
    }

    @Autowired
    JdbcClient jdbc;

    @Test
    void aRetryWhoseOrderWasNeverStoredOpensAFreshSessionInsteadOfAnIdempotencyError() throws InterruptedException {
        WebTestClient http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
        catalogSync.refresh();
        String key = "sandbox-" + UUID.randomUUID();
        Map<String, Object> body = CheckoutIT.body("US-5GB-30D", 1, "sandbox-retry", Map.of());

        // given a checkout the gateway answered but whose order never reached the database (it failed right after):
        // the gateway keeps our key with that attempt's parameters, the key is free again on our side
        JsonNode first = http.post().uri("/v1/checkout/sessions").header("Idempotency-Key", key).bodyValue(body)
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        String orderId = first.get("order_id").asString();
        jdbc.sql("delete from outbox where message_key = :id").param("id", orderId).update();
        jdbc.sql("delete from orders where order_id = :id").param("id", orderId).update();
        jdbc.sql("delete from idempotency_keys where idempotency_key = :k").param("k", key).update();
        Thread.sleep(1_100); // the retry's session ends a second later: other parameters under the same key

        // when the client retries, then it gets a session (Stripe would answer our old key with idempotency_error)
        JsonNode again = http.post().uri("/v1/checkout/sessions").header("Idempotency-Key", key).bodyValue(body)
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(again.get("order_id").asString()).isEqualTo(orderId);
        assertThat(again.get("id").asString()).isNotEqualTo(first.get("id").asString());
        assertThat(jdbc.sql("select checkout_session_id from orders where order_id = :id").param("id", orderId)
                .query(String.class).single()).isEqualTo(again.get("id").asString());
        WebTestClient.bindToServer().baseUrl(SANDBOX.baseUrl()).build()
                .get().uri(again.get("payment_url").asString()).accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isOk();
    }
}
