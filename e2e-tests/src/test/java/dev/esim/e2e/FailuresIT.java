package dev.esim.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Payments that fail, a provider that answers later, and one that is down for a while. */
@ExtendWith(StackExtension.class)
@Order(2)
class FailuresIT {

    private static final String PAYMENTS = "esim.payments.v1";
    private static final String PROVIDER_EVENTS = "esim.provider-events.v1";
    private static final String ACTIVATIONS = "esim.activations.v1";

    @AfterEach
    void providerBackToNormal(Platform platform) {
        platform.providerAdminDelete("/faults");
        platform.providerAdmin("/activation-mode", "{\"mode\":\"sync\"}");
    }

    @Test
    @Order(1)
    void aDeclinedCardProvisionsNothingAndTheOrderAwaitsPayment(Platform platform) throws Exception {
        // given
        Journeys.Checkout checkout = Journeys.checkout(platform, Journeys.aPlanFor(platform, "US"));

        // when: the card is declined on the checkout page
        Platform.Response declined = platform.clickOnCheckoutPage(checkout.paymentUrl(), "decline");
        assertThat(declined.status()).as("Decline: %s", declined.body()).isEqualTo(303);

        // then: the failure is on the payments topic, and nothing else happens
        await("PaymentFailed").atMost(Duration.ofSeconds(30))
                .until(() -> Journeys.kinds(PAYMENTS, checkout.orderId()).contains("PaymentFailed"));
        Thread.sleep(Duration.ofSeconds(5).toMillis());
        assertThat(Journeys.kinds(PAYMENTS, checkout.orderId())).doesNotContain("PaymentSucceeded");
        // a declined card leaves the session open (the traveller may try another card): the order awaits payment
        assertThat(platform.orderStatus(checkout.orderId())).isEqualTo("pending_payment");
        assertThat(platform.profilesIssued(checkout.orderId())).isZero();
        assertThat(Journeys.kinds(ACTIVATIONS, checkout.orderId())).isEmpty();
        assertThat(Inbox.messagesTo(checkout.email())).isEmpty();
    }

    @Test
    @Order(1)
    void aDelayedPaymentThatFailsLaterEndsTheOrderFailedWithNothingProvisioned(Platform platform) throws Exception {
        // given
        Journeys.Checkout checkout = Journeys.checkout(platform, Journeys.aPlanFor(platform, "US"));

        // when: the traveller picks a delayed payment method (the session completes unpaid), which then fails
        Platform.Response later = platform.clickOnCheckoutPage(checkout.paymentUrl(), "pay_later_fail");
        assertThat(later.status()).as("Pay later: %s", later.body()).isEqualTo(303);

        // then: the failure reaches the order; the unpaid completion before it provisioned nothing
        Journeys.awaitStatus(platform, checkout.orderId(), "failed", Duration.ofSeconds(60));
        assertThat(Journeys.kinds(PAYMENTS, checkout.orderId())).contains("PaymentFailed")
                .doesNotContain("PaymentSucceeded");
        Thread.sleep(Journeys.SETTLE.toMillis());
        assertThat(platform.profilesIssued(checkout.orderId())).isZero();
        assertThat(Journeys.kinds(ACTIVATIONS, checkout.orderId())).isEmpty();
        assertThat(Inbox.messagesTo(checkout.email())).isEmpty();
    }

    @Test
    @Order(2)
    void anAsyncProviderActivatesThroughItsSignedWebhook(Platform platform) throws Exception {
        // given: the provider answers 202 processing and reports the line later by webhook (through ingress)
        assertThat(platform.providerAdmin("/activation-mode", "{\"mode\":\"async\"}").status()).isBetween(200, 299);
        Journeys.Checkout checkout = Journeys.checkout(platform, Journeys.aPlanFor(platform, "US"));

        // when
        Journeys.pay(platform, checkout);

        // then
        Journeys.awaitStatus(platform, checkout.orderId(), "active", Duration.ofSeconds(90));
        assertThat(Journeys.kinds(PROVIDER_EVENTS, checkout.orderId())).contains("ProviderActivationReady");
        Journeys.awaitMail(checkout.email(), 1);
        Thread.sleep(Journeys.SETTLE.toMillis());
        assertThat(Inbox.messagesTo(checkout.email())).hasSize(1);
        assertThat(Inbox.qrCodes(Inbox.messagesTo(checkout.email()).get(0))).singleElement()
                .asString().startsWith("LPA:1$");
        assertThat(platform.profilesIssued(checkout.orderId())).isEqualTo(1);
        assertThat(Journeys.kinds(ACTIVATIONS, checkout.orderId())).containsExactly("ActivationReady");
    }

    @Test
    @Order(3)
    void aProviderOutageDelaysTheEsimButDoesNotLoseOrDuplicateIt(Platform platform) throws Exception {
        // given: every order call fails with a 5xx
        assertThat(platform.providerAdmin("/faults",
                "{\"server_error_rate\": 1.0, \"endpoints\": [\"POST /v1/orders\"]}").status()).isBetween(200, 299);
        Journeys.Checkout checkout = Journeys.checkout(platform, Journeys.aPlanFor(platform, "US"));

        // when: the traveller pays during the outage
        Journeys.pay(platform, checkout);
        await("the worker meets the outage").atMost(Duration.ofSeconds(30))
                .until(() -> platform.providerStats().path("injected_server_errors").asInt() > 0);
        assertThat(platform.orderStatus(checkout.orderId())).isNotEqualTo("active");
        assertThat(platform.profilesIssued(checkout.orderId())).isZero();

        // and: the provider recovers
        platform.providerAdminDelete("/faults");

        // then
        Journeys.awaitStatus(platform, checkout.orderId(), "active", Duration.ofSeconds(120));
        Journeys.awaitMail(checkout.email(), 1);
        Thread.sleep(Journeys.SETTLE.toMillis());
        assertThat(platform.profilesIssued(checkout.orderId())).isEqualTo(1);
        assertThat(Inbox.messagesTo(checkout.email())).hasSize(1);
        assertThat(Journeys.kinds(ACTIVATIONS, checkout.orderId())).containsExactly("ActivationReady");
    }
}
