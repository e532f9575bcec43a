package dev.esim.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What happens after the eSIM arrived: a top-up, and refunds before and after the traveller installed it. */
@ExtendWith(StackExtension.class)
@Order(3)
class AfterSaleIT {

    private static final String ACTIVATIONS = "esim.activations.v1";

    @Test
    @Order(1)
    void aPaidTopUpAddsDataToTheExistingLine(Platform platform) throws InterruptedException {
        // given: an active line
        String sku = Journeys.aPlanFor(platform, "US");
        Journeys.Checkout order = activeOrder(platform, sku);
        String iccid = lineOf(platform, order);
        int topUpsBefore = platform.providerStats().path("topups").asInt();

        // when: the traveller buys a top-up for it and pays
        Platform.Response created = platform.topUp("e2e-" + UUID.randomUUID(), order.email(), iccid, sku);
        assertThat(created.status()).as("POST /v1/topups: %s", created.body()).isEqualTo(201);
        Journeys.Checkout topUp = new Journeys.Checkout(created.json().path("order_id").asText(),
                created.json().path("payment_url").asText(), order.email(), sku);
        Journeys.pay(platform, topUp);

        // then: one top-up at the provider, on the same line, no new profile
        Journeys.awaitStatus(platform, topUp.orderId(), "active", Duration.ofSeconds(90));
        await("TopUpApplied").atMost(Duration.ofSeconds(30))
                .until(() -> Journeys.kinds(ACTIVATIONS, topUp.orderId()).contains("TopUpApplied"));
        assertThat(Journeys.kinds(ACTIVATIONS, topUp.orderId())).containsExactly("TopUpApplied");
        assertThat(platform.providerStats().path("topups").asInt()).isEqualTo(topUpsBefore + 1);
        assertThat(platform.profilesIssued(topUp.orderId())).isZero();
        assertThat(platform.profilesIssued(order.orderId())).isEqualTo(1);
        // and the traveller is told once, by e-mail (their inbox also holds the eSIM's own e-mail)
        await("top-up e-mail").atMost(Duration.ofSeconds(60))
                .until(() -> topUpMails(order.email()) >= 1);
        Thread.sleep(2_000); // a second copy, if any, would have arrived by now
        assertThat(topUpMails(order.email())).isEqualTo(1);
    }

    private static long topUpMails(String address) {
        return Inbox.messagesTo(address).stream().filter(m -> {
            try {
                return m.getSubject().startsWith("Your top-up of");
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).count();
    }

    @Test
    @Order(2)
    void aRefundBeforeInstallCancelsTheLineAtTheProvider(Platform platform) {
        // given: an active line, not installed
        Journeys.Checkout order = activeOrder(platform, Journeys.aPlanFor(platform, "US"));
        String iccid = lineOf(platform, order);

        // when: support refunds it (their token only: without it, 401)
        assertThat(Platform.post(Platform.CATALOG + "/v1/refunds",
                "{\"order_id\":\"" + order.orderId() + "\",\"reason\":\"changed plans\"}",
                java.util.Map.of("Idempotency-Key", "e2e-" + UUID.randomUUID())).status()).isEqualTo(401);
        Platform.Response refund = platform.refund(order.orderId(), "traveller changed plans");
        assertThat(refund.status()).as("POST /v1/refunds: %s", refund.body()).isEqualTo(202);

        // then: the order is refunded, the line cancelled at the provider, a LineCancelled for downstream
        Journeys.awaitStatus(platform, order.orderId(), "refunded", Duration.ofSeconds(60));
        await("LineCancelled").atMost(Duration.ofSeconds(60))
                .until(() -> Journeys.kinds(ACTIVATIONS, order.orderId()).contains("LineCancelled"));
        assertThat(Journeys.kinds(ACTIVATIONS, order.orderId())).containsExactly("ActivationReady", "LineCancelled");
        JsonNode line = Platform.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        Platform.SANDBOX + "/provider/simology/v1/lines/" + iccid))
                .header("Authorization", "Bearer sk_sandbox_simology_local").GET()).json();
        assertThat(line.findValuesAsText("status")).contains("cancelled");
        assertThat(Journeys.kinds("esim.payments.v1", order.orderId())).contains("RefundSucceeded");
    }

    @Test
    @Order(3)
    void aRefundAfterInstallIsOnlyAGoodwillRefundThatLeavesTheInstalledLineAlone(Platform platform) {
        // given: an active line the traveller has installed on their phone
        Journeys.Checkout order = activeOrder(platform, Journeys.aPlanFor(platform, "US"));
        String iccid = lineOf(platform, order);
        assertThat(platform.providerAdmin("/lines/" + iccid + "/install", "{}").status()).isEqualTo(200);
        double refusedBefore = cancellationsRefused();

        // when: support asks for a refund, it is refused: the installed line cannot be cancelled, no money moves
        Platform.Response refused = platform.refund(order.orderId(), "traveller changed plans");
        assertThat(refused.status()).as("POST /v1/refunds: %s", refused.body()).isEqualTo(409);
        assertThat(refused.json().at("/error/code").asText()).isEqualTo("line_installed");
        // and when they refund anyway, as a goodwill gesture
        Platform.Response refund = platform.refund(order.orderId(), "goodwill after a bad network experience", true);
        assertThat(refund.status()).as("POST /v1/refunds: %s", refund.body()).isEqualTo(202);

        // then: the money goes back, but an installed profile is not cancelled (provider policy): no LineCancelled
        Journeys.awaitStatus(platform, order.orderId(), "refunded", Duration.ofSeconds(60));
        await("RefundSucceeded").atMost(Duration.ofSeconds(30))
                .until(() -> Journeys.kinds("esim.payments.v1", order.orderId()).contains("RefundSucceeded"));
        // the worker asked the provider to cancel and was refused (counted on its /actuator/prometheus)
        await("the worker's refused cancellation").atMost(Duration.ofSeconds(60))
                .until(() -> cancellationsRefused() > refusedBefore);
        assertThat(Journeys.kinds(ACTIVATIONS, order.orderId())).containsExactly("ActivationReady");
        JsonNode line = Platform.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        Platform.SANDBOX + "/provider/simology/v1/lines/" + iccid))
                .header("Authorization", "Bearer sk_sandbox_simology_local").GET()).json();
        assertThat(line.findValuesAsText("status")).doesNotContain("cancelled");
        assertThat(platform.profilesIssued(order.orderId())).isEqualTo(1);
        // money back and the eSIM kept: the conservation audit must report exactly this order (ConservationAuditIT)
        Journeys.DELIBERATE_EXCEPTIONS.add(order.orderId());
    }

    @Test
    @Order(4)
    void aPaymentThatDoesNotMatchItsOrderIsSentBackAndTheOrdersOwnPaymentStillDelivers(Platform platform) {
        // given: an order, and a 1.00 payment link naming it, paid before the traveller pays the real price
        Journeys.Checkout order = Journeys.checkout(platform, Journeys.aPlanFor(platform, "US"));
        Platform.Response link = platform.foreignCheckoutSession(order.orderId(), 100, "usd");
        assertThat(link.status()).as("POST /stripe/v1/checkout/sessions: %s", link.body()).isEqualTo(200);
        assertThat(platform.clickOnCheckoutPage(link.json().path("url").asText(), "pay").status()).isEqualTo(303);

        // then: no eSIM for it, the order shows the mismatch, and that money goes back through the gateway
        Journeys.awaitStatus(platform, order.orderId(), "payment_mismatch", Duration.ofSeconds(60));
        String linkPayment = Platform.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(Platform.SANDBOX
                        + "/stripe/v1/checkout/sessions/" + link.json().path("id").asText()))
                .header("Authorization", "Bearer " + Platform.STRIPE_API_KEY).GET()).json()
                .path("payment_intent").asText();
        await("the mismatched payment refunded").atMost(Duration.ofSeconds(60))
                .until(() -> platform.gatewayRefundsOf(linkPayment) == 1);
        await("its RefundSucceeded").atMost(Duration.ofSeconds(30))
                .until(() -> Journeys.kinds("esim.payments.v1", order.orderId()).contains("RefundSucceeded"));
        assertThat(platform.profilesIssued(order.orderId())).isZero();
        assertThat(platform.orderStatus(order.orderId())).isEqualTo("payment_mismatch");

        // when: the traveller pays the order's own session
        Journeys.pay(platform, order);

        // then: one eSIM, and the returned link payment never counted as a refund of the order
        Journeys.awaitStatus(platform, order.orderId(), "active", Duration.ofSeconds(90));
        assertThat(platform.profilesIssued(order.orderId())).isEqualTo(1);
        assertThat(Journeys.kinds(ACTIVATIONS, order.orderId())).contains("ActivationReady")
                .doesNotContain("LineCancelled");
        assertThat(platform.gatewayRefundsOf(linkPayment)).isEqualTo(1);
    }

    @Test
    @Order(5)
    void aChargebackTheBankDecidesAgainstUsCancelsTheUnusedLineAndRefundsTheOrder(Platform platform) {
        // given: an active line, not installed, and the PaymentIntent that paid for it
        Journeys.Checkout order = activeOrder(platform, Journeys.aPlanFor(platform, "US"));
        String iccid = lineOf(platform, order);
        String paymentIntent = paymentIntentOf(order);

        // when: the traveller's bank disputes the payment and decides it against us (the money goes back to them)
        Platform.Response dispute = platform.stripeApi("/v1/test_helpers/disputes", java.util.Map.of(
                "payment_intent", paymentIntent, "reason", "fraudulent", "status", "lost"));
        assertThat(dispute.status()).as("POST /stripe/v1/test_helpers/disputes: %s", dispute.body()).isEqualTo(200);

        // then: payment-ingress named the order through the PaymentIntent, the worker cancelled the line at the
        // provider, and the order shows the money returned — paid for by nobody, so kept by nobody
        await("LineCancelled").atMost(Duration.ofSeconds(60))
                .until(() -> Journeys.kinds(ACTIVATIONS, order.orderId()).contains("LineCancelled"));
        assertThat(Journeys.kinds("esim.payments.v1", order.orderId())).contains("PaymentDisputed");
        Journeys.awaitStatus(platform, order.orderId(), "refunded", Duration.ofSeconds(60));
        JsonNode line = Platform.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        Platform.SANDBOX + "/provider/simology/v1/lines/" + iccid))
                .header("Authorization", "Bearer sk_sandbox_simology_local").GET()).json();
        assertThat(line.findValuesAsText("status")).contains("cancelled");
    }

    @Test
    @Order(6)
    void anOpenChargebackIsAcceptedForAnUnusedLineOnceItIsCancelledAndContestedAndWonForAnInstalledOne(
            Platform platform) {
        // given: two active lines, one installed on the traveller's phone
        Journeys.Checkout unused = activeOrder(platform, Journeys.aPlanFor(platform, "US"));
        Journeys.Checkout installed = activeOrder(platform, Journeys.aPlanFor(platform, "US"));
        String unusedLine = lineOf(platform, unused);
        String installedLine = lineOf(platform, installed);
        assertThat(platform.providerAdmin("/lines/" + installedLine + "/install", "{}").status()).isEqualTo(200);

        // when: the bank opens a chargeback for each and waits for the shop's answer
        for (Journeys.Checkout order : List.of(unused, installed)) {
            Platform.Response dispute = platform.stripeApi("/v1/test_helpers/disputes", java.util.Map.of(
                    "payment_intent", paymentIntentOf(order), "reason", "product_not_received",
                    "status", "needs_response"));
            assertThat(dispute.status()).as("POST /stripe/v1/test_helpers/disputes: %s", dispute.body())
                    .isEqualTo(200);
        }

        // then: the unused line is cancelled and the dispute accepted — the money goes back, nobody keeps an eSIM
        Journeys.awaitStatus(platform, unused.orderId(), "refunded", Duration.ofSeconds(60));
        await("LineCancelled").atMost(Duration.ofSeconds(60))
                .until(() -> Journeys.kinds(ACTIVATIONS, unused.orderId()).contains("LineCancelled"));
        assertThat(lineStatuses(unusedLine)).contains("cancelled");
        // and the installed one is contested with the install as evidence, and won: line and money stay
        await("the contested dispute won").atMost(Duration.ofSeconds(60)).until(() -> disputeStatuses(platform,
                paymentIntentOf(installed)).contains("won"));
        assertThat(platform.orderStatus(installed.orderId())).isEqualTo("active");
        assertThat(lineStatuses(installedLine)).doesNotContain("cancelled");
        assertThat(Journeys.kinds(ACTIVATIONS, installed.orderId())).containsExactly("ActivationReady");
    }

    private static String paymentIntentOf(Journeys.Checkout order) {
        return Journeys.paymentIntentOf(order);
    }

    /** The statuses the gateway's {@code charge.dispute.closed} events give the disputes of one payment. */
    private static List<String> disputeStatuses(Platform platform, String paymentIntentId) {
        List<String> statuses = new java.util.ArrayList<>();
        for (JsonNode e : platform.gatewayEvents("charge.dispute.closed")) {
            JsonNode dispute = e.path("data").path("object");
            if (paymentIntentId.equals(dispute.path("payment_intent").asText())) {
                statuses.add(dispute.path("status").asText());
            }
        }
        return statuses;
    }

    private static List<String> lineStatuses(String iccid) {
        return Platform.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        Platform.SANDBOX + "/provider/simology/v1/lines/" + iccid))
                .header("Authorization", "Bearer sk_sandbox_simology_local").GET()).json().findValuesAsText("status");
    }

    /** A paid order of the plan, waited for until {@code active}. */
    private static Journeys.Checkout activeOrder(Platform platform, String sku) {
        Journeys.Checkout order = Journeys.checkout(platform, sku);
        Journeys.pay(platform, order);
        Journeys.awaitStatus(platform, order.orderId(), "active", Duration.ofSeconds(90));
        return order;
    }

    /** The ICCID of the order's line, as the order API reports it. */
    private static String lineOf(Platform platform, Journeys.Checkout order) {
        String iccid = platform.order(order.orderId()).json().path("iccids").path(0).asText();
        assertThat(iccid).matches("[0-9]{18,22}");
        return iccid;
    }

    /** provisioning-worker's {@code esim_provisioning_outcomes_total{outcome="cancel_refused"}}, all reasons. */
    private static double cancellationsRefused() {
        String metrics = Platform.get("http://localhost:" + dev.esim.localstack.LocalStack.WORKER_PORT
                + "/actuator/prometheus").body();
        return metrics.lines()
                .filter(l -> l.startsWith("esim_provisioning_outcomes_total{")
                        && l.contains("outcome=\"cancel_refused\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
