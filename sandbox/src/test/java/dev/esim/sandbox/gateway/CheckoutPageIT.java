package dev.esim.sandbox.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.Stripe;
import com.stripe.StripeClient;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.checkout.Session;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The hosted checkout page over plain HTTP, as a browser form post drives it, and the webhooks each button sends. */
class CheckoutPageIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static GatewayFixture gateway;
    private static StripeClient stripe;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        gateway = new GatewayFixture(Map.of());
        stripe = gateway.stripe();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void showsThePlanLinesAndTheOutcomeButtons() throws Exception {
        // given
        Session session = newSession("ord_" + UUID.randomUUID(), 1499, "usd");

        // when
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(session.getUrl())).build(),
                HttpResponse.BodyHandlers.ofString());

        // then
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("text/html"));
        assertThat(page.body()).contains("Europe 5 GB / 30 days", "eSIM data plan, 33 countries", "$14.99",
                session.getClientReferenceId(), ">Pay $14.99</button>", ">Decline</button>",
                ">Pay later (async)</button>");
    }

    @Test
    void formatsZeroDecimalCurrenciesWithoutCents() throws Exception {
        Session session = newSession("ord_" + UUID.randomUUID(), 1500, "jpy");

        String body = http.send(HttpRequest.newBuilder(URI.create(session.getUrl())).build(),
                HttpResponse.BodyHandlers.ofString()).body();

        assertThat(body).contains("¥1,500").doesNotContain("¥15.00");
    }

    @Test
    void payingSendsSignedCompletedAndSucceededWebhooksThenRedirectsToSuccessUrl() throws Exception {
        // given
        String orderId = "ord_" + UUID.randomUUID();
        Session session = newSession(orderId, 1499, "usd");

        // when
        HttpResponse<String> click = click(session.getId(), "pay");

        // then the browser goes back to the shop, with the session id filled in as Stripe does
        assertThat(click.statusCode()).isEqualTo(303);
        assertThat(click.headers().firstValue("Location"))
                .hasValue("http://shop.test/success?session_id=" + session.getId());
        // and payment-ingress receives a verified checkout.session.completed carrying our order id
        WebhookReceiver.Received completed =
                gateway.receiver.await("checkout.session.completed", session.getId(), WAIT);
        Event event = completed.event();
        assertThat(event.getId()).startsWith("evt_");
        assertThat(event.getApiVersion()).isEqualTo(Stripe.API_VERSION);
        assertThat(event.getLivemode()).isFalse();
        assertThat(completed.signatureHeader()).matches("t=\\d+,v1=[0-9a-f]{64}");
        Session paid = (Session) event.getDataObjectDeserializer().getObject().orElseThrow();
        assertThat(paid.getPaymentStatus()).isEqualTo("paid");
        assertThat(paid.getStatus()).isEqualTo("complete");
        assertThat(paid.getClientReferenceId()).isEqualTo(orderId);
        assertThat(paid.getMetadata()).containsEntry("order_id", orderId);
        assertThat(paid.getAmountTotal()).isEqualTo(1499L);
        assertThat(paid.getCustomerDetails().getEmail()).isEqualTo("traveller@example.com");
        // and payment_intent.succeeded for the same PaymentIntent
        Event succeeded = gateway.receiver.await("payment_intent.succeeded", paid.getPaymentIntent(), WAIT).event();
        PaymentIntent intent = (PaymentIntent) succeeded.getDataObjectDeserializer().getObject().orElseThrow();
        assertThat(intent.getId()).isEqualTo(paid.getPaymentIntent());
        assertThat(intent.getMetadata()).containsEntry("order_id", orderId);
        // and the API agrees
        assertThat(stripe.v1().checkout().sessions().retrieve(session.getId()).getPaymentStatus()).isEqualTo("paid");
    }

    @Test
    void decliningSendsPaymentFailedKeepsTheSessionOpenAndRedirectsToCancelUrl() throws Exception {
        // given
        String orderId = "ord_" + UUID.randomUUID();
        Session session = newSession(orderId, 1499, "usd");

        // when
        HttpResponse<String> click = click(session.getId(), "decline");

        // then
        assertThat(click.statusCode()).isEqualTo(303);
        assertThat(click.headers().firstValue("Location")).hasValue("http://shop.test/cancel");
        Session after = stripe.v1().checkout().sessions().retrieve(session.getId());
        assertThat(after.getStatus()).isEqualTo("open");
        Event failed = gateway.receiver.await("payment_intent.payment_failed", after.getPaymentIntent(), WAIT).event();
        PaymentIntent intent = (PaymentIntent) failed.getDataObjectDeserializer().getObject().orElseThrow();
        assertThat(intent.getStatus()).isEqualTo("requires_payment_method");
        assertThat(intent.getLastPaymentError().getCode()).isEqualTo("card_declined");
        assertThat(intent.getMetadata()).containsEntry("order_id", orderId);

        // and the traveller can still pay afterwards, on the same PaymentIntent
        assertThat(click(session.getId(), "pay").statusCode()).isEqualTo(303);
        gateway.receiver.await("payment_intent.succeeded", after.getPaymentIntent(), WAIT);
    }

    @Test
    void payingLaterCompletesUnpaidThenSettlesWithAsyncPaymentSucceeded() throws Exception {
        // given
        String orderId = "ord_" + UUID.randomUUID();
        Session session = newSession(orderId, 4200, "gbp");

        // when
        assertThat(click(session.getId(), "pay_later").statusCode()).isEqualTo(303);

        // then
        WebhookReceiver.Received completed =
                gateway.receiver.await("checkout.session.completed", session.getId(), WAIT);
        Session unpaid = (Session) completed.event().getDataObjectDeserializer().getObject().orElseThrow();
        assertThat(unpaid.getPaymentStatus()).isEqualTo("unpaid");
        assertThat(unpaid.getStatus()).isEqualTo("complete");
        WebhookReceiver.Received settled =
                gateway.receiver.await("checkout.session.async_payment_succeeded", session.getId(), WAIT);
        Session paid = (Session) settled.event().getDataObjectDeserializer().getObject().orElseThrow();
        assertThat(paid.getPaymentStatus()).isEqualTo("paid");
        assertThat(paid.getClientReferenceId()).isEqualTo(orderId);
        assertThat(settled.at()).isAfter(completed.at());
        assertThat(stripe.v1().paymentIntents().retrieve(paid.getPaymentIntent()).getStatus()).isEqualTo("succeeded");
    }

    @Test
    void payingLaterCanSettleWithAsyncPaymentFailed() throws Exception {
        Session session = newSession("ord_" + UUID.randomUUID(), 999, "usd");

        click(session.getId(), "pay_later_fail");

        Event failed = gateway.receiver.await("checkout.session.async_payment_failed", session.getId(), WAIT).event();
        Session unpaid = (Session) failed.getDataObjectDeserializer().getObject().orElseThrow();
        assertThat(unpaid.getPaymentStatus()).isEqualTo("unpaid");
        assertThat(stripe.v1().paymentIntents().retrieve(unpaid.getPaymentIntent()).getStatus())
                .isEqualTo("requires_payment_method");
    }

    @Test
    void aSecondClickOnAPaidSessionChangesNothing() throws Exception {
        // given
        Session session = newSession("ord_" + UUID.randomUUID(), 1499, "usd");
        click(session.getId(), "pay");
        gateway.receiver.await("checkout.session.completed", session.getId(), WAIT);

        // when
        HttpResponse<String> again = click(session.getId(), "pay");

        // then
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("This checkout session is complete");
        Thread.sleep(500);
        assertThat(gateway.receiver.all()).filteredOn(r -> r.event().getType().equals("checkout.session.completed")
                && r.payload().contains(session.getId())).hasSize(1);
    }

    @Test
    void anUnknownSessionIsNotFound() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(gateway.base + "/pay/cs_test_nope"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(404);
    }

    private static Session newSession(String orderId, long amount, String currency) throws Exception {
        return stripe.v1().checkout().sessions().create(GatewayFixture.checkout(orderId, amount, currency));
    }

    private HttpResponse<String> click(String sessionId, String action) throws Exception {
        HttpRequest post = HttpRequest.newBuilder(URI.create(gateway.base + "/pay/" + sessionId))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("email=traveller%40example.com&action=" + action))
                .build();
        return http.send(post, HttpResponse.BodyHandlers.ofString());
    }
}
