package dev.esim.ingress.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.esim.events.EventIds;
import dev.esim.events.Topics;
import dev.esim.events.avro.DisputeOutcome;
import dev.esim.events.avro.PaymentDisputed;
import dev.esim.events.avro.PaymentEvent;
import dev.esim.ingress.fixtures.StripeFixtures;
import dev.esim.ingress.fixtures.TestSigners;
import dev.esim.testkit.WithKafka;
import dev.esim.testkit.WithSchemaRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A chargeback as Stripe sends it: the dispute names only the payment it contests, so the ingress asks Stripe's API
 * (here a local fake answering like {@code GET /v1/payment_intents/{id}}) which order the payment was for, and
 * publishes {@code PaymentDisputed} keyed by that order. When the API does not answer the webhook gets a 503 and
 * nothing is published, so Stripe delivers it again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "esim.ingress.stripe.webhook-secrets=" + IngressFixture.NEW_SECRET)
@WithKafka(topics = {"esim.payments.v1", "esim.provider-events.v1"}, partitions = 3)
@WithSchemaRegistry
class DisputeIngressIT {

    private static final FakeStripeApi STRIPE = new FakeStripeApi();

    @LocalServerPort
    int port;

    private IngressFixture ingress;

    @DynamicPropertySource
    static void stripeApi(DynamicPropertyRegistry registry) {
        registry.add("esim.ingress.stripe.api-base", STRIPE::base);
        registry.add("esim.ingress.stripe.api-key", () -> "rk_test_disputes_it");
    }

    @AfterAll
    static void stop() {
        STRIPE.server.stop(0);
    }

    @BeforeEach
    void client() {
        ingress = new IngressFixture(port);
        STRIPE.down.set(false);
    }

    @Test
    void aLostChargebackIsPublishedForTheOrderThePaymentIntentNames() {
        String orderId = StripeFixtures.uniqueOrderId();
        String paymentIntent = "pi_" + orderId;
        STRIPE.orders.put(paymentIntent, orderId);
        String dispute = "dp_" + orderId;
        byte[] opened = dispute("charge.dispute.created", dispute, paymentIntent, "needs_response");
        byte[] lost = dispute("charge.dispute.closed", dispute, paymentIntent, "lost");

        assertThat(ingress.deliverStripe(opened, () -> sign(opened))).isEqualTo(200);
        assertThat(ingress.deliverStripe(lost, () -> sign(lost))).isEqualTo(200);

        var records = TopicReader.<PaymentEvent>awaitKey(Topics.PAYMENTS.name(), orderId, 2);
        assertThat(records).extracting(r -> ((PaymentDisputed) r.value().getPayload()).getOutcome())
                .containsExactly(DisputeOutcome.OPENED, DisputeOutcome.LOST);
        PaymentEvent closed = records.get(1).value();
        assertThat(closed.getEventId()).isEqualTo(EventIds.derive("stripe", "dispute:" + dispute + ":LOST"));
        assertThat(closed.getOrderId()).isEqualTo(orderId);
        PaymentDisputed payload = (PaymentDisputed) closed.getPayload();
        assertThat(payload.getDisputeId()).isEqualTo(dispute);
        assertThat(payload.getAmount().getAmountMinor()).isEqualTo(1499L);
        assertThat(payload.getPaymentIntentId()).isEqualTo(paymentIntent);
        assertThat(STRIPE.authorizations).allMatch("Bearer rk_test_disputes_it"::equals);
    }

    @Test
    void whileStripesApiIsDownADisputeIsAnswered503AndPublishedOnceItAnswersAgain() {
        String orderId = StripeFixtures.uniqueOrderId();
        String paymentIntent = "pi_" + orderId;
        STRIPE.orders.put(paymentIntent, orderId);
        byte[] lost = dispute("charge.dispute.closed", "dp_" + orderId, paymentIntent, "lost");
        STRIPE.down.set(true);

        var refused = ingress.stripe(lost, sign(lost)).expectBody(String.class).returnResult();

        assertThat(refused.getStatus().value()).isEqualTo(503);
        assertThat(refused.getResponseBody()).contains("\"code\":\"server_error\"");
        assertThat(TopicReader.keys(Topics.PAYMENTS.name())).doesNotContain(orderId);

        STRIPE.down.set(false);
        assertThat(ingress.deliverStripe(lost, () -> sign(lost))).isEqualTo(200);
        assertThat(TopicReader.<PaymentEvent>awaitKey(Topics.PAYMENTS.name(), orderId, 1)).hasSize(1);
    }

    @Test
    void aDisputeOfAPaymentThatIsNotOneOfOursIsAcknowledgedAndNotPublished() {
        byte[] foreign = dispute("charge.dispute.closed", "dp_foreign", "pi_not_ours", "lost");

        var delivery = ingress.deliver(() -> ingress.stripe(foreign, sign(foreign)));

        assertThat(delivery.status()).isEqualTo(200);
        assertThat(delivery.body()).contains("\"status\":\"ignored\"").contains("no_order_id");
    }

    private static byte[] dispute(String type, String disputeId, String paymentIntent, String status) {
        return StripeFixtures.load(type).eventId(StripeFixtures.uniqueEventId()).createdNow()
                .objectField("id", disputeId).objectField("payment_intent", paymentIntent)
                .objectField("status", status).bytes();
    }

    private static String sign(byte[] body) {
        return TestSigners.stripe(body, IngressFixture.NEW_SECRET, TestSigners.now());
    }

    /** {@code GET /v1/payment_intents/{id}} as Stripe answers it: the intent with its metadata, or 404. */
    private static final class FakeStripeApi {

        final Map<String, String> orders = new ConcurrentHashMap<>();
        final List<String> authorizations = new CopyOnWriteArrayList<>();
        final AtomicBoolean down = new AtomicBoolean();
        final HttpServer server;

        FakeStripeApi() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/v1/payment_intents/", exchange -> {
                authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
                String id = exchange.getRequestURI().getPath().substring("/v1/payment_intents/".length());
                String orderId = orders.get(id);
                int status;
                String body;
                if (down.get()) {
                    status = 500;
                    body = "{\"error\":{\"type\":\"api_error\",\"message\":\"An unknown error occurred\"}}";
                } else if (orderId == null) {
                    status = 404;
                    body = "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"resource_missing\","
                            + "\"message\":\"No such payment_intent: '" + id + "'\"}}";
                } else {
                    status = 200;
                    body = "{\"id\":\"" + id + "\",\"object\":\"payment_intent\",\"amount\":1499,"
                            + "\"currency\":\"usd\",\"status\":\"succeeded\",\"metadata\":{\"order_id\":\""
                            + orderId + "\"}}";
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
        }

        String base() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }
    }
}
