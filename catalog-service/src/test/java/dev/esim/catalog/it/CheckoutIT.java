package dev.esim.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esim.events.avro.OrderEvent;
import dev.esim.events.avro.OrderKind;
import dev.esim.events.avro.OrderPlaced;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CheckoutIT extends CatalogServiceITBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MeterRegistry meters;

    @Autowired
    JdbcClient jdbc;

    private String sku;

    @BeforeEach
    void plan() {
        sku = offerUsPlan();
    }

    @Test
    void createsAStripeSessionWithServerSidePricesAndOurOrderIdEverywhere() {
        // when a client asks for two units and sends prices of its own
        String idempotencyKey = key();
        JsonNode session = checkout(idempotencyKey, body(sku, 2, "tampered", Map.of("unit_price", 0.01,
                "price", Map.of("amount", 0.01, "currency", "USD"))))
                .expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        // then the response is seed 001's shape with our order id
        String orderId = session.get("order_id").asString();
        assertThat(orderId).matches("ord_[0-9a-f]{32}");
        assertThat(session.get("id").asString()).startsWith("cs_test_");
        assertThat(session.get("payment_url").asString()).isEqualTo("https://checkout.stripe.test/c/pay/"
                + session.get("id").asString());
        assertThat(session.get("status").asString()).isEqualTo("pending_payment");
        Instant expiresAt = Instant.parse(session.get("expires_at").asString());
        assertThat(expiresAt).isBetween(Instant.now().plusSeconds(89 * 60), Instant.now().plusSeconds(91 * 60));

        // and Stripe was asked for our price, not the client's, with our order id in all three places
        FakeStripe.Call call = sessionCallFor(orderId);
        assertThat(call.get("line_items[0][price_data][unit_amount]")).isEqualTo("1299");
        assertThat(call.get("line_items[0][price_data][currency]")).isEqualTo("usd");
        assertThat(call.get("line_items[0][quantity]")).isEqualTo("2");
        assertThat(call.get("mode")).isEqualTo("payment");
        assertThat(call.get("client_reference_id")).isEqualTo(orderId);
        assertThat(call.get("metadata[order_id]")).isEqualTo(orderId);
        assertThat(call.get("payment_intent_data[metadata][order_id]")).isEqualTo(orderId);
        assertThat(call.get("customer_email")).isEqualTo("alex@example.com");
        assertThat(call.get("success_url")).isEqualTo("https://shop.example/success?session_id={CHECKOUT_SESSION_ID}");
        assertThat(call.idempotencyKey()).isEqualTo("catalog-checkout-" + orderId);
        assertThat(call.authorization()).isEqualTo("Bearer sk_test_sandbox_local");

        // and the order awaits payment at the server-side total, for the holder of the token the answer carried
        String token = session.get("order_token").asString();
        http.get().uri("/v1/orders/{id}", orderId).header("X-Order-Token", token).exchange()
                .expectStatus().isOk();
        http.get().uri("/v1/orders/{id}", orderId).header("Authorization", "Bearer " + token).exchange()
                .expectStatus().isOk();
        http.get().uri("/v1/orders/{id}", orderId).exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error.code").isEqualTo("order_token_required");
        http.get().uri("/v1/orders/{id}?token={t}", orderId, TOKENS.token("ord_" + "1".repeat(32))).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error.code").isEqualTo("not_found");
        http.get().uri("/v1/orders/{id}?token={t}", orderId, token).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.order_id").isEqualTo(orderId)
                .jsonPath("$.status").isEqualTo("pending_payment")
                .jsonPath("$.total.amount").isEqualTo(25.98)
                .jsonPath("$.total.currency").isEqualTo("USD")
                .jsonPath("$.items[0].unit_price.amount").isEqualTo(12.99)
                .jsonPath("$.metadata.source").isEqualTo("tampered");

        // and OrderPlaced is on esim.orders.v1 with the e-mail encrypted for that very event
        ConsumerRecord<String, Object> record = awaitRecord("esim.orders.v1", r -> orderId.equals(r.key())
                && ((OrderEvent) r.value()).getPayload() instanceof OrderPlaced);
        OrderEvent event = (OrderEvent) record.value();
        OrderPlaced placed = (OrderPlaced) event.getPayload();
        assertThat(event.getOrderId()).isEqualTo(orderId);
        assertThat(event.getCausationId()).isEqualTo(idempotencyKey);
        assertThat(placed.getKind()).isEqualTo(OrderKind.NEW_LINE);
        assertThat(placed.getTotal().getAmountMinor()).isEqualTo(2598);
        assertThat(placed.getTotal().getCurrency()).isEqualTo("USD");
        assertThat(placed.getItems()).singleElement().satisfies(item -> {
            assertThat(item.getSku()).isEqualTo(sku);
            assertThat(item.getQuantity()).isEqualTo(2);
            assertThat(item.getUnitPrice().getAmountMinor()).isEqualTo(1299);
            assertThat(item.getCoverage()).containsExactly("US");
            assertThat(item.getTermsUrl()).as("the plan's page, for the e-mail").isEqualTo(FakeProvider.termsUrl(sku));
        });
        assertThat(placed.getCheckoutSessionId()).isEqualTo(session.get("id").asString());
        assertThat(placed.getCustomerEmail().getKeyId()).isEqualTo("pii/sandbox");
        assertThat(new String(bytes(placed.getCustomerEmail().getCiphertext()), StandardCharsets.ISO_8859_1))
                .doesNotContain("alex@example.com");
        assertThat(decryptEmail(placed.getCustomerEmail(), event.getEventId())).isEqualTo("alex@example.com");
    }

    @Test
    void aRelayCrashBeforeMarkingSentRepublishesTheSameEvent() {
        // given an order whose OrderPlaced was published
        JsonNode session = checkout(key(), body(sku, 1, "crash", Map.of())).expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        String orderId = session.get("order_id").asString();
        String eventId = ((OrderEvent) awaitRecord("esim.orders.v1", r -> orderId.equals(r.key())).value())
                .getEventId();

        // when the relay "crashed" after sending but before its commit (the row is unsent again)
        jdbc.sql("update outbox set sent_at = null where event_id = :id").param("id", eventId).update();

        // then it is sent again with the same event id: a duplicate consumers drop, not a second order
        long deadline = System.nanoTime() + 30_000_000_000L;
        List<ConsumerRecord<String, Object>> copies;
        do {
            sleep(200);
            copies = records("esim.orders.v1").stream().filter(r -> orderId.equals(r.key())).toList();
        } while (copies.size() < 2 && System.nanoTime() < deadline);
        assertThat(copies).hasSize(2).allSatisfy(r -> assertThat(((OrderEvent) r.value()).getEventId())
                .isEqualTo(eventId));
    }

    @Test
    void replaysTheFirstResponseForTheSameKeyAndBody() {
        String idempotencyKey = key();
        Map<String, Object> body = body(sku, 1, "replay", Map.of());
        double placedBefore = placedCount();

        EntityExchangeResult<String> first = checkout(idempotencyKey, body).expectStatus().isCreated()
                .expectBody(String.class).returnResult();
        EntityExchangeResult<String> again = checkout(idempotencyKey, body).expectStatus().isCreated()
                .expectHeader().valueEquals("Idempotent-Replayed", "true")
                .expectBody(String.class).returnResult();

        assertThat(again.getResponseBody()).isEqualTo(first.getResponseBody());
        String orderId = JSON.readTree(first.getResponseBody()).get("order_id").asString();
        assertThat(STRIPE.sessionCalls()).filteredOn(c -> orderId.equals(c.get("client_reference_id"))).hasSize(1);
        assertThat(placedCount()).as("the funnel counts the order once").isEqualTo(placedBefore + 1);
    }

    @Test
    void aRetryWhoseOrderWasStoredButWhoseAnswerWasLostGetsThatOrdersSession() {
        // given a checkout whose order was stored, but whose answer never made it into the idempotency record (a
        // crash between the two commits): the key is free again
        String idempotencyKey = key();
        Map<String, Object> body = body(sku, 1, "lost-answer", Map.of());
        JsonNode first = JSON.readTree(checkout(idempotencyKey, body).expectStatus().isCreated()
                .expectBody(String.class).returnResult().getResponseBody());
        String orderId = first.get("order_id").asString();
        jdbc.sql("delete from idempotency_keys where idempotency_key = :k").param("k", idempotencyKey).update();

        // when the client retries
        JsonNode again = JSON.readTree(checkout(idempotencyKey, body).expectStatus().isCreated()
                .expectBody(String.class).returnResult().getResponseBody());

        // then it gets the stored order's session, and no second session was opened at the gateway
        assertThat(again.get("order_id").asString()).isEqualTo(orderId);
        assertThat(again.get("id").asString()).isEqualTo(first.get("id").asString());
        assertThat(again.get("payment_url").asString()).isEqualTo(first.get("payment_url").asString());
        assertThat(STRIPE.sessionCalls()).filteredOn(c -> orderId.equals(c.get("client_reference_id"))).hasSize(1);
        assertThat(jdbc.sql("select count(*) from orders where order_id = :id").param("id", orderId)
                .query(Integer.class).single()).isEqualTo(1);
    }

    private double placedCount() {
        Counter placed = meters.find("esim.orders.placed").tag("kind", "new_line").counter();
        return placed == null ? 0 : placed.count();
    }

    @Test
    void answersConflictForTheSameKeyWithAnotherBody() {
        String idempotencyKey = key();
        checkout(idempotencyKey, body(sku, 1, "conflict", Map.of())).expectStatus().isCreated();

        checkout(idempotencyKey, body(sku, 2, "conflict", Map.of()))
                .expectStatus().isEqualTo(409)
                .expectBody()
                .jsonPath("$.error.code").isEqualTo("conflict")
                .jsonPath("$.error.request_id").isNotEmpty();
    }

    @Test
    void createsOneOrderWhenDuplicatesArriveConcurrently() throws Exception {
        // given eight identical requests racing
        String idempotencyKey = key();
        String marker = unique("race");
        Map<String, Object> body = body(sku, 1, marker, Map.of());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<EntityExchangeResult<String>>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                Callable<EntityExchangeResult<String>> call = () -> checkout(idempotencyKey, body)
                        .expectBody(String.class).returnResult();
                results.add(pool.submit(call));
            }
            // then each got the order (first answer or replay) or 409 while the first was running
            List<String> created = new ArrayList<>();
            for (Future<EntityExchangeResult<String>> f : results) {
                EntityExchangeResult<String> r = f.get();
                assertThat(r.getStatus().value()).isIn(201, 409);
                if (r.getStatus().value() == 201) {
                    created.add(r.getResponseBody());
                } else {
                    // Stripe's answer to a key in use: retry the same request shortly
                    assertThat(JSON.readTree(r.getResponseBody()).at("/error/code").asString())
                            .isEqualTo("idempotency_key_in_use");
                    assertThat(r.getResponseHeaders().getFirst("Retry-After")).isNotBlank();
                }
            }
            assertThat(created).isNotEmpty().allMatch(b -> b.equals(created.get(0)));
        } finally {
            pool.shutdownNow();
        }
        // and exactly one order and one Stripe session exist
        assertThat(jdbc.sql("select count(*) from orders where metadata->>'source' = :m").param("m", marker)
                .query(Long.class).single()).isEqualTo(1);
        String orderId = jdbc.sql("select order_id from orders where metadata->>'source' = :m").param("m", marker)
                .query(String.class).single();
        assertThat(STRIPE.sessionCalls()).filteredOn(c -> orderId.equals(c.get("client_reference_id"))).hasSize(1);
    }

    @Test
    void refusesAnUnavailableOrUnknownSkuAndRequestsWithoutAKey() {
        String gone = unique("US");
        PROVIDER.offer(FakeProvider.PlanSpec.country(gone, "US", "9.50", "USD").unavailable());
        catalogSync.refresh();

        checkout(key(), body(gone, 1, "x", Map.of())).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.error.code").isEqualTo("sku_unavailable");
        checkout(key(), body(unique("NOPE"), 1, "x", Map.of())).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("validation_error");
        http.post().uri("/v1/checkout/sessions").bodyValue(body(sku, 1, "x", Map.of())).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("validation_error");
        http.post().uri("/v1/checkout/sessions").header("Idempotency-Key", key())
                .header("Content-Type", "application/json").bodyValue("{not json").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("validation_error");
    }

    @Test
    void aTopUpIsAPaidCheckoutFlaggedWithItsLine() {
        // given an existing line
        String iccid = "89883070000" + (10_000_000 + (System.nanoTime() % 89_999_999));
        PROVIDER.line(iccid, "active", 1200, 3920, "2025-02-09T23:59:59Z");

        // when
        JsonNode session = http.post().uri("/v1/topups").header("Idempotency-Key", key())
                .bodyValue(Map.of("iccid", iccid, "sku", sku, "customer", Map.of("email", "alex@example.com"),
                        "success_url", "https://shop.example/ok", "cancel_url", "https://shop.example/cancel"))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        // then
        String orderId = session.get("order_id").asString();
        OrderPlaced placed = (OrderPlaced) ((OrderEvent) awaitRecord("esim.orders.v1", r -> orderId.equals(r.key()))
                .value()).getPayload();
        assertThat(placed.getKind()).isEqualTo(OrderKind.TOP_UP);
        assertThat(placed.getTopupIccid()).isEqualTo(iccid);
        assertThat(sessionCallFor(orderId).get("metadata[order_kind]")).isEqualTo("TOP_UP");
        http.get().uri(orderUri(orderId)).exchange().expectBody()
                .jsonPath("$.kind").isEqualTo("top_up")
                .jsonPath("$.topup_iccid").isEqualTo(iccid);
    }

    @Test
    void aTopUpOfAnUnknownLineIsNotFound() {
        String iccid = "8988307999999999999";
        PROVIDER.unknownLine(iccid);

        http.post().uri("/v1/topups").header("Idempotency-Key", key())
                .bodyValue(Map.of("iccid", iccid, "sku", sku, "customer", Map.of("email", "alex@example.com"),
                        "success_url", "https://shop.example/ok", "cancel_url", "https://shop.example/cancel"))
                .exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error.code").isEqualTo("not_found");
    }

    private WebTestClient.ResponseSpec checkout(String idempotencyKey, Map<String, Object> body) {
        return http.post().uri("/v1/checkout/sessions").header("Idempotency-Key", idempotencyKey).bodyValue(body)
                .exchange();
    }

    static Map<String, Object> body(String sku, int quantity, String source, Map<String, Object> itemExtras) {
        Map<String, Object> item = new java.util.LinkedHashMap<>(itemExtras);
        item.put("sku", sku);
        item.put("quantity", quantity);
        return Map.of(
                "customer", Map.of("email", "alex@example.com", "country", "GB"),
                "items", List.of(item),
                "success_url", "https://shop.example/success?session_id={SESSION_ID}",
                "cancel_url", "https://shop.example/cancel",
                "metadata", Map.of("user_id", "u_789", "source", source));
    }

    private static FakeStripe.Call sessionCallFor(String orderId) {
        return STRIPE.sessionCalls().stream().filter(c -> orderId.equals(c.get("client_reference_id")))
                .findFirst().orElseThrow(() -> new AssertionError("Stripe never saw order " + orderId));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }
}
