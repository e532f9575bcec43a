package dev.esim.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.MessagingException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * GOV.UK Pay, the second payment gateway, end to end through the local stack: a traveller pays in pounds on GOV.UK
 * Pay's page (the sandbox's stand-in), its signed message goes through payment-ingress's {@code /webhooks/govukpay},
 * and the eSIM arrives by e-mail as it does after a Stripe payment; a top-up and a refund go back through GOV.UK Pay.
 */
@ExtendWith(StackExtension.class)
@Order(7)
class GovUkPayIT {

    private static final String GOVUKPAY_KEY = "api_test_sandbox_govukpay_local";
    private static final String PAYMENTS = "esim.payments.v1";

    @Test
    @Order(1)
    void aTravellerPaysThroughGovUkPayGetsTheirEsimAndTopsItUpThroughGovUkPay(Platform platform) {
        // given: a plan sold in pounds
        String sku = aPoundPlan(platform);

        // when: the traveller checks out through GOV.UK Pay and pays on its page
        Paid order = payThroughGovUkPay(platform, sku);

        // then: the payment event came from GOV.UK Pay, and the eSIM is e-mailed once
        List<SpecificRecord> payments = TopicRecords.ofOrder(PAYMENTS, order.checkout().orderId());
        assertThat(payments).extracting(p -> Journeys.field(p, "gateway")).containsOnly("govukpay");
        assertThat(payments).extracting(Journeys::kind).contains("PaymentSucceeded");
        assertThat(platform.profilesIssued(order.checkout().orderId())).isEqualTo(1);
        assertThat(Journeys.awaitMail(order.checkout().email(), 1)).hasSize(1);
        String iccid = platform.order(order.checkout().orderId()).json().path("iccids").path(0).asText();

        // when: a top-up for the line, paid through GOV.UK Pay too
        String email = order.checkout().email();
        Platform.Response topUp = platform.topUp("e2e-" + UUID.randomUUID(), email, iccid, sku, "govukpay");
        assertThat(topUp.status()).as("POST /v1/topups: %s", topUp.body()).isEqualTo(201);
        Journeys.Checkout topUpOrder = new Journeys.Checkout(topUp.json().path("order_id").asText(),
                topUp.json().path("payment_url").asText(), email, sku);
        assertThat(topUpOrder.paymentUrl()).startsWith(Platform.SANDBOX + "/govukpay/pay/");
        Journeys.pay(platform, topUpOrder);

        // then: the line gets its data, and the traveller one top-up e-mail
        Journeys.awaitStatus(platform, topUpOrder.orderId(), "active", Duration.ofSeconds(90));
        assertThat(Journeys.kinds(PAYMENTS, topUpOrder.orderId())).contains("PaymentSucceeded");
        await("top-up e-mail").atMost(Duration.ofSeconds(60))
                .until(() -> subjects(email).stream().anyMatch(s -> s.startsWith("Your top-up of")));
    }

    @Test
    @Order(2)
    void supportRefundsAGovUkPayOrderThroughGovUkPayAndTheTravellerIsTold(Platform platform) {
        // given: an active line paid through GOV.UK Pay
        Paid order = payThroughGovUkPay(platform, aPoundPlan(platform));
        Journeys.awaitMail(order.checkout().email(), 1);

        // when: support refunds it before the line was installed
        Platform.Response refund = platform.refund(order.checkout().orderId(), "trip cancelled");
        assertThat(refund.status()).as("POST /v1/refunds: %s", refund.body()).isEqualTo(202);

        // then: GOV.UK Pay refunded the whole payment, its message made the order refunded, the traveller is told
        Journeys.awaitStatus(platform, order.checkout().orderId(), "refunded", Duration.ofSeconds(60));
        JsonNode refunded = govUkPay("/v1/payments/" + order.paymentId());
        assertThat(refunded.path("refund_summary").path("amount_available").asLong()).isZero();
        assertThat(refunded.path("refund_summary").path("amount_submitted").asLong()).isEqualTo(order.amount());
        assertThat(Journeys.kinds(PAYMENTS, order.checkout().orderId())).containsOnlyOnce("RefundSucceeded");
        await("refund e-mail").atMost(Duration.ofSeconds(60))
                .until(() -> subjects(order.checkout().email()).size() >= 2);
    }

    private record Paid(Journeys.Checkout checkout, String paymentId, long amount) {
    }

    /** Checkout through GOV.UK Pay, paid on its page, until the order is active. */
    private static Paid payThroughGovUkPay(Platform platform, String sku) {
        String email = Platform.newTravellerEmail();
        Platform.Response created = platform.checkout("e2e-" + UUID.randomUUID(), email, sku, "GB", "govukpay");
        assertThat(created.status()).as("POST /v1/checkout/sessions: %s", created.body()).isEqualTo(201);
        Journeys.Checkout order = new Journeys.Checkout(created.json().path("order_id").asText(),
                created.json().path("payment_url").asText(), email, sku);
        String paymentId = created.json().path("id").asText();
        assertThat(order.paymentUrl()).startsWith(Platform.SANDBOX + "/govukpay/pay/");
        JsonNode payment = govUkPay("/v1/payments/" + paymentId);
        assertThat(payment.path("reference").asText()).isEqualTo(order.orderId());
        Journeys.pay(platform, order);
        Journeys.awaitStatus(platform, order.orderId(), "active", Duration.ofSeconds(90));
        return new Paid(order, paymentId, payment.path("amount").asLong());
    }

    /** The first plan of the catalogue priced in pounds (GOV.UK Pay takes nothing else). */
    private static String aPoundPlan(Platform platform) {
        String[] sku = new String[1];
        await("a plan sold in GBP").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            for (JsonNode plan : Journeys.items(platform.catalogue(null))) {
                if ("GBP".equals(plan.path("price").path("currency").asText())) {
                    sku[0] = plan.path("sku").asText();
                    return true;
                }
            }
            return false;
        });
        return sku[0];
    }

    private static JsonNode govUkPay(String path) {
        Platform.Response r = Platform.send(HttpRequest.newBuilder(URI.create(Platform.SANDBOX + "/govukpay" + path))
                .header("Authorization", "Bearer " + GOVUKPAY_KEY).GET());
        assertThat(r.status()).as("GET /govukpay%s: %s", path, r.body()).isEqualTo(200);
        return r.json();
    }

    private static List<String> subjects(String address) {
        return Inbox.messagesTo(address).stream().map(m -> {
            try {
                return m.getSubject();
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
