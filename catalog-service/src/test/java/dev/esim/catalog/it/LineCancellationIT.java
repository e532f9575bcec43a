package dev.esim.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esim.events.EventIds;
import dev.esim.events.avro.LineCancellationRequested;
import dev.esim.events.avro.OrderEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Giving back part of an order: support cancels one unused line from the console (its price goes back only after the
 * worker's {@code LineCancelled}, through the order's gateway, once), and a partial refund through the API leaves
 * every line with the traveller. The order stays active either way.
 */
class LineCancellationIT extends CatalogServiceITBase {

    /** The US plan's price to the traveller (9.50 net plus our margin), in cents. */
    private static final long UNIT_PRICE = 1299;

    @Autowired
    JdbcClient jdbc;

    private String sku;
    private SupportConsoleClient console;

    @BeforeEach
    void plan() {
        sku = offerUsPlan();
        console = new SupportConsoleClient(http);
    }

    @Test
    void supportCancelsOneUnusedLineAndItsPriceGoesBackOnceTheWorkerCancelledIt() {
        TwoLines order = twoActiveLines();
        String orderId = order.orderId();
        String kept = order.first();
        String cancelled = order.second();
        PROVIDER.line(kept, "active", 0, 5120, "2026-12-31T23:59:59Z", false);
        PROVIDER.line(cancelled, "active", 0, 5120, "2026-12-31T23:59:59Z", false);
        STRIPE.refundsAnswer(UNIT_PRICE, "usd");
        String session = console.sessionOf(ALICE_TOKEN);
        String page = console.orderPage(orderId, session);
        assertThat(page).contains("id=\"cancel-line-form\"", "<option value=\"" + kept + "\"",
                "<option value=\"" + cancelled + "\"");

        // the same form sent twice (a double click) is one request and one event
        String nonce = UUID.randomUUID().toString();
        for (int i = 0; i < 2; i++) {
            cancelLine(orderId, session, SupportConsoleClient.csrf(page), cancelled, nonce, "travels alone now")
                    .expectStatus().isSeeOther()
                    .expectHeader().valueEquals("Location", "/support/orders/" + orderId + "?cancel=requested");
        }
        ConsumerRecord<String, Object> record = awaitRecord("esim.orders.v1", r -> orderId.equals(r.key())
                && ((OrderEvent) r.value()).getPayload() instanceof LineCancellationRequested);
        OrderEvent event = (OrderEvent) record.value();
        LineCancellationRequested request = (LineCancellationRequested) event.getPayload();
        assertThat(request.getIccid()).isEqualTo(cancelled);
        assertThat(request.getRequestedBy()).isEqualTo("alice");
        assertThat(request.getReason()).isEqualTo("travels alone now");
        assertThat(event.getEventId()).isEqualTo(EventIds.derive(orderId, "LineCancellationRequested", cancelled));
        assertThat(jdbc.sql("select count(*) from outbox where event_type = 'LineCancellationRequested'"
                + " and message_key = ?").param(orderId).query(Long.class).single()).isEqualTo(1);

        // no money back while the line may still be live at its provider
        sleep(1_500);
        assertThat(refundCalls(orderId)).isEmpty();
        assertThat(console.orderPage(orderId + "?cancel=requested", session))
                .contains("data-outcome=\"cancel_requested\"", "cancellation requested by alice");

        // the worker cancelled it: its price goes back through the gateway, once, under a key of the line
        publish("esim.activations.v1", orderId, new EventFixture(orderId).lineCancelled(cancelled));
        eventually(() -> refundCalls(orderId).size() == 1);
        FakeStripe.Call call = refundCalls(orderId).get(0);
        assertThat(call.get("amount")).isEqualTo(Long.toString(UNIT_PRICE));
        assertThat(call.get("payment_intent")).isEqualTo("pi_" + orderId);
        assertThat(call.idempotencyKey()).isEqualTo("line-refund-" + cancelled);
        eventually(() -> "refunded".equals(cancellationState(cancelled)));
        assertThat(jdbc.sql("select requested_by || '|' || reason || '|' || amount_minor from refunds"
                + " where order_id = ?").param(orderId).query(String.class).list())
                .containsExactly("alice|line " + cancelled + " cancelled: travels alone now|" + UNIT_PRICE);

        // the gateway confirms the partial refund: the order keeps its status and its other line
        publish("esim.payments.v1", orderId, new EventFixture(orderId).refundSucceeded("re_line_" + orderId,
                UNIT_PRICE, "pi_" + orderId));
        eventually(() -> facts(orderId).contains("PARTIALLY_REFUNDED"));
        assertThat(status(orderId)).isEqualTo("active");
        sleep(1_000);
        assertThat(refundCalls(orderId)).hasSize(1);
        String after = console.orderPage(orderId, session);
        assertThat(after).contains("price (12.99 USD) refunded", "<option value=\"" + kept + "\"")
                .doesNotContain("<option value=\"" + cancelled + "\"");

        // a cancelled line cannot be cancelled again, nor topped up
        cancelLine(orderId, session, SupportConsoleClient.csrf(after), cancelled, UUID.randomUUID().toString(),
                "again").expectHeader().valueEquals("Location",
                "/support/orders/" + orderId + "?cancel=already_cancelled");
        http.post().uri("/v1/topups").header("Idempotency-Key", key())
                .bodyValue(Map.of("iccid", cancelled, "sku", sku, "customer", Map.of("email", "alex@example.com"),
                        "success_url", "https://shop.example/ok", "cancel_url", "https://shop.example/no"))
                .exchange().expectStatus().isEqualTo(409);
    }

    @Test
    void aLineInstalledBeforeTheWorkerCouldCancelItIsKeptAndNothingIsRefunded() {
        TwoLines order = twoActiveLines();
        String orderId = order.orderId();
        String line = order.first();
        PROVIDER.line(line, "active", 0, 5120, "2026-12-31T23:59:59Z", false);
        STRIPE.refundsAnswer(UNIT_PRICE, "usd");
        String session = console.sessionOf(ALICE_TOKEN);
        cancelLine(orderId, session, SupportConsoleClient.csrf(console.orderPage(orderId, session)), line,
                UUID.randomUUID().toString(), "not needed")
                .expectHeader().valueEquals("Location", "/support/orders/" + orderId + "?cancel=requested");

        // the traveller installs it before the worker gets to it: the provider refuses, no LineCancelled comes
        PROVIDER.line(line, "active", 10, 5110, "2026-12-31T23:59:59Z", true);
        eventually(() -> "kept".equals(cancellationState(line)));

        assertThat(refundCalls(orderId)).isEmpty();
        assertThat(console.orderPage(orderId, session))
                .contains("installed before its provider could cancel it: the traveller keeps it, nothing refunded")
                .doesNotContain("<option value=\"" + line + "\"");
    }

    @Test
    void anInstalledLineAnotherOrdersLineOrAViewerCancelsNothing() {
        TwoLines order = twoActiveLines();
        String orderId = order.orderId();
        String installed = order.first();
        String other = order.second();
        PROVIDER.line(installed, "active", 10, 5110, "2026-12-31T23:59:59Z", true);
        String session = console.sessionOf(ALICE_TOKEN);
        String csrf = SupportConsoleClient.csrf(console.orderPage(orderId, session));

        cancelLine(orderId, session, csrf, installed, UUID.randomUUID().toString(), "not needed")
                .expectHeader().valueEquals("Location", "/support/orders/" + orderId + "?cancel=line_installed");
        cancelLine(orderId, session, csrf, "8988307000999999999", UUID.randomUUID().toString(), "not needed")
                .expectHeader().valueEquals("Location", "/support/orders/" + orderId + "?cancel=not_a_line");
        cancelLine(orderId, session, csrf, other, UUID.randomUUID().toString(), " ")
                .expectHeader().valueEquals("Location", "/support/orders/" + orderId + "?cancel=validation_error");
        String viewer = console.sessionOf(VIEWER_TOKEN);
        assertThat(console.orderPage(orderId, viewer)).doesNotContain("id=\"cancel-line-form\"")
                .contains("may not cancel lines");
        cancelLine(orderId, viewer, SupportConsoleClient.csrf(console.orderPage(orderId, viewer)), other,
                UUID.randomUUID().toString(), "not needed").expectStatus().isForbidden();

        assertThat(jdbc.sql("select count(*) from line_cancellations where order_id = ?").param(orderId)
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from outbox where event_type = 'LineCancellationRequested'"
                + " and message_key = ?").param(orderId).query(Long.class).single()).isZero();
        assertThat(PROVIDER.cancellations(installed)).isZero();
    }

    @Test
    void aPartialRefundThroughTheApiGivesBackTheAmountAndLeavesEveryLine() {
        TwoLines order = twoActiveLines();
        String orderId = order.orderId();
        String first = order.first();
        String second = order.second();
        STRIPE.refundsAnswer(500, "usd");

        // more than was paid, or an amount finer than a cent: refused, nothing asked of the gateway
        refund(orderId, "26.00").expectStatus().isEqualTo(409)
                .expectBody(JsonNode.class).value(body -> assertThat(body.path("error").path("code").asString())
                        .isEqualTo("amount_too_large"));
        for (String wrong : List.of("0.001", "-1", "0")) {
            refund(orderId, wrong).expectStatus().isBadRequest()
                    .expectBody(JsonNode.class).value(body -> assertThat(body.path("error").path("code").asString())
                            .isEqualTo("validation_error"));
        }
        assertThat(refundCalls(orderId)).isEmpty();

        refund(orderId, "5.00").expectStatus().isAccepted();
        List<FakeStripe.Call> calls = refundCalls(orderId);
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).get("amount")).isEqualTo("500");
        assertThat(PROVIDER.cancellations(first) + PROVIDER.cancellations(second)).isZero();
        assertThat(jdbc.sql("select reason from refunds where order_id = ?").param(orderId).query(String.class)
                .single()).isEqualTo("partial: goodwill for a slow start");

        publish("esim.payments.v1", orderId, new EventFixture(orderId).refundSucceeded("re_part_" + orderId, 500,
                "pi_" + orderId));
        eventually(() -> facts(orderId).contains("PARTIALLY_REFUNDED"));
        assertThat(status(orderId)).isEqualTo("active");
        // what is left is 20.98: asking for more is refused by name
        refund(orderId, "21.00").expectStatus().isEqualTo(409)
                .expectBody(JsonNode.class).value(body -> assertThat(body.path("error").path("message").asString())
                        .contains("20.98 USD"));
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec refund(String orderId,
                                                                                        String amount) {
        return http.post().uri("/v1/refunds").header("Idempotency-Key", key())
                .header("Authorization", "Bearer " + SUPPORT_TOKEN)
                .bodyValue(Map.of("order_id", orderId, "reason", "goodwill for a slow start",
                        "amount", new java.math.BigDecimal(amount)))
                .exchange();
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec cancelLine(
            String orderId, String session, String csrf, String iccid, String nonce, String reason) {
        return console.post(orderId, "cancel-line", session, csrf,
                Map.of("iccid", iccid, "nonce", nonce, "reason", reason));
    }

    private record TwoLines(String orderId, String first, String second) {
    }

    /** An order of two eSIMs of the test's plan, paid, both issued. */
    private TwoLines twoActiveLines() {
        TwoLines order = new TwoLines(placeOrder(2), iccid(), iccid());
        activate(order.orderId(), 2 * UNIT_PRICE, order.first(), order.second());
        return order;
    }

    /** Pays the order and issues its lines on the test's plan. */
    private void activate(String orderId, long paidMinor, String... iccids) {
        EventFixture events = new EventFixture(orderId);
        publish("esim.payments.v1", orderId, events.paymentSucceeded("pi_" + orderId, paidMinor));
        for (String iccid : iccids) {
            publish("esim.activations.v1", orderId, events.activationReady(iccid, "simology", sku));
        }
        awaitStatus(orderId, "active");
    }

    private List<FakeStripe.Call> refundCalls(String orderId) {
        return STRIPE.refundCalls().stream().filter(c -> orderId.equals(c.get("metadata[order_id]"))).toList();
    }

    private static void eventually(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 30 s for the condition").isLessThan(deadline);
            sleep(200);
        }
    }

    private String cancellationState(String iccid) {
        return jdbc.sql("select state from line_cancellations where iccid = ?").param(iccid).query(String.class)
                .optional().orElse(null);
    }

    private List<String> facts(String orderId) {
        return jdbc.sql("select fact from order_events where order_id = ?").param(orderId).query(String.class).list();
    }

    private String status(String orderId) {
        return jdbc.sql("select status from orders where order_id = ?").param(orderId).query(String.class).single();
    }

    private static String iccid() {
        return "89883070000" + (10_000_000 + Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 89_999_999));
    }

    private String placeOrder(int quantity) {
        return http.post().uri("/v1/checkout/sessions").header("Idempotency-Key", key())
                .bodyValue(CheckoutIT.body(sku, quantity, "console", Map.of())).exchange()
                .expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("order_id").asString();
    }
}
