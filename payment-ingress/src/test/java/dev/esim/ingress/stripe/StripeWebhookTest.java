package dev.esim.ingress.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.esim.events.EventIds;
import dev.esim.ingress.event.Envelope;
import dev.esim.ingress.event.Fact;
import dev.esim.ingress.event.Money;
import dev.esim.ingress.event.Normalised;
import dev.esim.ingress.event.WebhookRejected;
import dev.esim.ingress.event.WebhookRejected.Reason;
import dev.esim.ingress.fixtures.StripeFixtures;
import dev.esim.ingress.fixtures.TestSigners;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StripeWebhookTest {

    private static final String OLD = "whsec_old_rotating_out";
    private static final String NEW = "whsec_new_rotating_in";
    private static final long NOW = 1_752_620_000L;

    private final List<String> mismatches = new ArrayList<>();
    private final Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    /** What the Stripe API would answer for a PaymentIntent's {@code metadata.order_id}. */
    private final Map<String, String> ordersByPaymentIntent = new HashMap<>();
    private final List<String> lookups = new ArrayList<>();
    private final PaymentIntentOrders orders = paymentIntentId -> {
        lookups.add(paymentIntentId);
        return Optional.ofNullable(ordersByPaymentIntent.get(paymentIntentId));
    };
    private final StripeWebhook webhook = new StripeWebhook(List.of(OLD, NEW), Duration.ofSeconds(300), "sandbox",
            clock, (type, version) -> mismatches.add(type + "@" + version), orders);

    @Test
    void normalisesAPaidCheckoutSessionIntoPaymentSucceededKeyedByOrderId() {
        byte[] body = StripeFixtures.raw("checkout.session.completed");

        Normalised result = webhook.receive(body, TestSigners.stripe(body, NEW, NOW));

        var envelope = published(result);
        assertThat(envelope.eventId()).isEqualTo(EventIds.derive("stripe", "evt_1RlHe3R7UUImIKwkQOxX4eYe"));
        assertThat(envelope.key()).isEqualTo("ord_01JFIXTURE0000000000000001");
        assertThat(envelope.orderId()).isEqualTo("ord_01JFIXTURE0000000000000001");
        assertThat(envelope.sourceEventId()).isEqualTo("evt_1RlHe3R7UUImIKwkQOxX4eYe");
        assertThat(envelope.sourceEventType()).isEqualTo("checkout.session.completed");
        assertThat(envelope.occurredAt()).isEqualTo(Instant.ofEpochSecond(1752619699));
        assertThat(envelope.livemode()).isFalse();
        assertThat(envelope.originalPayload()).isEqualTo(body);
        assertThat(envelope.fact()).isEqualTo(new Fact.PaymentSucceeded(new Money(1499, "USD"),
                "cs_test_a1Zk7Id18b3FeLh8OQGRS78RxvMukoamHPw9fvTBKuBRVRjJjG0sJVJRBC", "pi_3RlHdxR7UUImIKwk0Kzq8vTn"));
    }

    @Test
    void readsEventsRenderedInAnotherApiVersionFromTheRawJsonAndReportsTheMismatch() {
        byte[] body = StripeFixtures.raw("checkout.session.completed"); // 2025-06-30.basil ≠ stripe-java's dahlia

        Normalised result = webhook.receive(body, TestSigners.stripe(body, NEW, NOW));

        assertThat(result).isInstanceOf(Normalised.Publish.class);
        assertThat(mismatches).containsExactly("checkout.session.completed@2025-06-30.basil");
    }

    @Test
    void eventsInThePinnedApiVersionAreNotReportedAsMismatch() {
        byte[] body = StripeFixtures.raw("payment_intent.succeeded");

        Normalised result = webhook.receive(body, TestSigners.stripe(body, OLD, NOW));

        assertThat(published(result).fact()).isEqualTo(
                new Fact.PaymentSucceeded(new Money(1499, "USD"), null, "pi_3RlHdxR7UUImIKwk0Kzq8vTn"));
        assertThat(mismatches).isEmpty();
    }

    @Test
    void paymentIntentFailureCarriesTheDeclineCode() {
        byte[] body = StripeFixtures.raw("payment_intent.payment_failed");

        var envelope = published(webhook.receive(body, TestSigners.stripe(body, NEW, NOW)));

        assertThat(envelope.key()).isEqualTo("ord_01JFIXTURE0000000000000003");
        assertThat(envelope.fact()).isEqualTo(
                new Fact.PaymentFailed("insufficient_funds", null, "pi_3RnB7kR7UUImIKwk1x2P0aQe"));
    }

    @Test
    void asyncCheckoutFailureBecomesPaymentFailed() {
        byte[] body = StripeFixtures.raw("checkout.session.async_payment_failed");

        var envelope = published(webhook.receive(body, TestSigners.stripe(body, NEW, NOW)));

        assertThat(envelope.fact()).isEqualTo(new Fact.PaymentFailed("async_payment_failed",
                "cs_test_b1Ay3rT8qN2mVxKc0pLwE5hGz7uJd4sYf6iQo9nRtBvC1aXe2DkMl3PjHwSgU",
                "pi_3RmA1yR7UUImIKwk1Vd9Xq2A"));
    }

    @Test
    void oneRefundIsOneRefundSucceededWhicheverStripeEventsAnnounceIt() {
        byte[] updated = StripeFixtures.raw("refund.updated");
        byte[] created = StripeFixtures.load("refund.updated").type("refund.created")
                .eventId("evt_refund_created_1").bytes();
        byte[] charge = StripeFixtures.load("charge.refunded").objectField("refunds", Map.of("object", "list",
                "data", List.of(Map.of("id", "re_3RlHdxR7UUImIKwk0zV5Bt7m", "object", "refund", "amount", 1499,
                        "currency", "usd", "status", "succeeded")))).bytes();

        var fromUpdated = published(webhook.receive(updated, TestSigners.stripe(updated, NEW, NOW)));
        var fromCreated = published(webhook.receive(created, TestSigners.stripe(created, NEW, NOW)));
        var fromCharge = published(webhook.receive(charge, TestSigners.stripe(charge, NEW, NOW)));

        Fact.RefundSucceeded refund = new Fact.RefundSucceeded("re_3RlHdxR7UUImIKwk0zV5Bt7m", new Money(1499, "USD"),
                "pi_3RlHdxR7UUImIKwk0Kzq8vTn");
        assertThat(List.of(fromUpdated.fact(), fromCreated.fact(), fromCharge.fact())).containsOnly(refund);
        assertThat(List.of(fromUpdated.eventId(), fromCreated.eventId(), fromCharge.eventId()))
                .containsOnly(EventIds.derive("stripe", "refund:re_3RlHdxR7UUImIKwk0zV5Bt7m"));
        assertThat(fromUpdated.key()).isEqualTo("ord_01JFIXTURE0000000000000001");
    }

    @Test
    void aPartialRefundCarriesItsOwnAmountNotTheChargesRunningTotal() {
        byte[] charge = StripeFixtures.load("charge.refunded").objectField("amount_refunded", 1499)
                .objectField("refunds", Map.of("object", "list", "data", List.of(
                        Map.of("id", "re_second", "object", "refund", "amount", 499, "currency", "usd"),
                        Map.of("id", "re_first", "object", "refund", "amount", 1000, "currency", "usd")))).bytes();

        var published = published(webhook.receive(charge, TestSigners.stripe(charge, NEW, NOW)));

        assertThat(published.fact()).isEqualTo(new Fact.RefundSucceeded("re_second", new Money(499, "USD"),
                "pi_3RlHdxR7UUImIKwk0Kzq8vTn"));
    }

    @Test
    void aChargeRefundedWithoutItsRefundIsLeftToTheRefundEvents() {
        byte[] charge = StripeFixtures.raw("charge.refunded"); // current API versions embed no refunds

        assertThat(webhook.receive(charge, TestSigners.stripe(charge, NEW, NOW))).isEqualTo(
                new Normalised.Ignore("stripe", "charge.refunded", "refund_announced_by_refund_events"));
    }

    @Test
    void pendingRefundsAndUnpaidCheckoutsAreIgnored() {
        byte[] pending = StripeFixtures.load("refund.updated").objectField("status", "pending").bytes();
        byte[] unpaid = StripeFixtures.load("checkout.session.completed").objectField("payment_status", "unpaid")
                .bytes();

        assertThat(webhook.receive(pending, TestSigners.stripe(pending, NEW, NOW)))
                .isEqualTo(new Normalised.Ignore("stripe", "refund.updated", "refund_status_pending"));
        assertThat(webhook.receive(unpaid, TestSigners.stripe(unpaid, NEW, NOW)))
                .isEqualTo(new Normalised.Ignore("stripe", "checkout.session.completed", "payment_status_unpaid"));
    }

    @Test
    void unknownEventTypesAndObjectsWithoutOurOrderIdAreIgnored() {
        byte[] customer = StripeFixtures.raw("customer.created");
        byte[] foreign = StripeFixtures.load("payment_intent.succeeded").withoutOrderId().bytes();

        assertThat(webhook.receive(customer, TestSigners.stripe(customer, NEW, NOW)))
                .isEqualTo(new Normalised.Ignore("stripe", "customer.created", "event_type_not_handled"));
        assertThat(webhook.receive(foreign, TestSigners.stripe(foreign, NEW, NOW)))
                .isEqualTo(new Normalised.Ignore("stripe", "payment_intent.succeeded", "no_order_id"));
    }

    @Test
    void theSameEventDeliveredThreeTimesHasOneEventId() {
        byte[] body = StripeFixtures.raw("checkout.session.completed");

        var ids = List.of(NOW, NOW - 60, NOW - 120).stream()
                .map(t -> published(webhook.receive(body, TestSigners.stripe(body, NEW, t))).eventId())
                .distinct().toList();

        assertThat(ids).hasSize(1);
    }

    @Test
    void acceptsEitherSecretDuringRotationAndAHeaderWithBothSignatures() {
        byte[] body = StripeFixtures.raw("payment_intent.succeeded");

        assertThat(webhook.receive(body, TestSigners.stripe(body, OLD, NOW))).isInstanceOf(Normalised.Publish.class);
        assertThat(webhook.receive(body, TestSigners.stripe(body, NEW, NOW))).isInstanceOf(Normalised.Publish.class);
        assertThat(webhook.receive(body, TestSigners.stripe(body, NOW, "whsec_unknown", NEW)))
                .isInstanceOf(Normalised.Publish.class);
    }

    @Test
    void refusesASecretRemovedAfterRotation() {
        StripeWebhook rotated = new StripeWebhook(List.of(NEW), Duration.ofSeconds(300), "sandbox", clock, null,
                orders);
        byte[] body = StripeFixtures.raw("payment_intent.succeeded");

        assertRejected(() -> rotated.receive(body, TestSigners.stripe(body, OLD, NOW)), Reason.SIGNATURE_INVALID);
    }

    @Test
    void rejectsMissingAndForgedSignatures() {
        byte[] body = StripeFixtures.raw("payment_intent.succeeded");
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("1499", "1")
                .getBytes(StandardCharsets.UTF_8);

        assertRejected(() -> webhook.receive(body, null), Reason.SIGNATURE_INVALID);
        assertRejected(() -> webhook.receive(body, ""), Reason.SIGNATURE_INVALID);
        assertRejected(() -> webhook.receive(body, "t=1,v1=zz"), Reason.SIGNATURE_INVALID);
        assertRejected(() -> webhook.receive(body, "t"), Reason.SIGNATURE_INVALID); // found by MutatedWebhooksIT
        assertRejected(() -> webhook.receive(body, "t=,v1"), Reason.SIGNATURE_INVALID);
        assertRejected(() -> webhook.receive(tampered, TestSigners.stripe(body, NEW, NOW)), Reason.SIGNATURE_INVALID);
    }

    @Test
    void rejectsStaleSignature() {
        byte[] body = StripeFixtures.raw("payment_intent.succeeded");

        assertRejected(() -> webhook.receive(body, TestSigners.stripe(body, NEW, NOW - 301)),
                Reason.TIMESTAMP_OUT_OF_TOLERANCE);
        assertThat(webhook.receive(body, TestSigners.stripe(body, NEW, NOW - 299)))
                .isInstanceOf(Normalised.Publish.class);
    }

    @Test
    void rejectsSignedBodiesThatAreNotStripeEvents() {
        for (String json : List.of("{not json", "[]", "{}", "{\"id\":\"evt_1\",\"type\":\"payment_intent.succeeded\"}",
                "{\"id\":\"evt_1\",\"type\":\"payment_intent.succeeded\",\"created\":1,\"livemode\":false,"
                        + "\"data\":{\"object\":{\"id\":\"pi_1\",\"metadata\":{\"order_id\":\"o1\"}}}}",
                // a v2 event notification, a 'created' no Instant can hold, a fractional one, a data without object
                "{\"object\":\"v2.core.event\",\"id\":\"evt_1\",\"type\":\"x\",\"created\":1,\"data\":{\"object\":{}}}",
                "{\"id\":\"evt_1\",\"type\":\"x\",\"created\":1e30,\"data\":{\"object\":{}}}",
                "{\"id\":\"evt_1\",\"type\":\"x\",\"created\":1.5,\"data\":{\"object\":{}}}",
                "{\"id\":\"evt_1\",\"type\":\"x\",\"created\":1,\"data\":{\"object\":[]}}",
                // content after the event, and malformed JSON inside a field the parse skips rather than keeps
                "{\"id\":\"evt_1\",\"type\":\"x\",\"created\":1,\"data\":{\"object\":{}}} {}",
                "{\"id\":\"evt_1\",\"type\":\"x\",\"created\":1,\"data\":{\"object\":{\"shipping\":{\"a\":]}}}}",
                "[".repeat(20_000))) {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            assertRejected(() -> webhook.receive(body, TestSigners.stripe(body, NEW, NOW)), Reason.VALIDATION_ERROR);
        }
    }

    @Test
    void refusesAmountsThatAreNotWholeMinorUnits() {
        List<StripeFixtures> amounts = List.of(
                StripeFixtures.load("checkout.session.completed").objectField("amount_total", new BigDecimal("14.99")),
                StripeFixtures.load("checkout.session.completed").objectField("amount_total", new BigDecimal("1e30")),
                StripeFixtures.load("checkout.session.completed").objectField("amount_total", "1499"));
        for (StripeFixtures event : amounts) {
            byte[] body = event.bytes();
            assertRejected(() -> webhook.receive(body, TestSigners.stripe(body, NEW, NOW)), Reason.VALIDATION_ERROR);
        }
        byte[] whole = StripeFixtures.load("checkout.session.completed")
                .objectField("amount_total", new BigDecimal("1499")).bytes();
        assertThat(webhook.receive(whole, TestSigners.stripe(whole, NEW, NOW))).isInstanceOf(Normalised.Publish.class);
    }

    @Test
    void refusesLiveEventsInSandboxAndTestEventsInLive() {
        StripeWebhook live = new StripeWebhook(List.of(NEW), Duration.ofSeconds(300), "live", clock, null, orders);
        byte[] liveEvent = StripeFixtures.load("payment_intent.succeeded").livemode(true).bytes();
        byte[] testEvent = StripeFixtures.raw("payment_intent.succeeded");

        assertRejected(() -> webhook.receive(liveEvent, TestSigners.stripe(liveEvent, NEW, NOW)),
                Reason.VALIDATION_ERROR);
        assertRejected(() -> live.receive(testEvent, TestSigners.stripe(testEvent, NEW, NOW)), Reason.VALIDATION_ERROR);
        assertThat(live.receive(liveEvent, TestSigners.stripe(liveEvent, NEW, NOW)))
                .isInstanceOf(Normalised.Publish.class);
    }

    /** The envelope of a delivery that is to be published (fails the test if it is not). */
    @Test
    void aDisputeIsPublishedForTheOrderItsPaymentIntentNamesAfterAskingStripeOffTheEventLoop() {
        ordersByPaymentIntent.put("pi_3RlHdxR7UUImIKwk0Kzq8vTn", "ord_01JFIXTURE0000000000000001");
        byte[] body = StripeFixtures.raw("charge.dispute.created");

        Normalised result = webhook.receive(body, TestSigners.stripe(body, NEW, NOW));

        assertThat(result).isInstanceOf(Normalised.Deferred.class);
        assertThat(lookups).as("nothing is asked until the web layer resolves it off the event loop").isEmpty();
        var envelope = published(((Normalised.Deferred) result).resolution().get());
        assertThat(lookups).containsExactly("pi_3RlHdxR7UUImIKwk0Kzq8vTn");
        assertThat(envelope.key()).isEqualTo("ord_01JFIXTURE0000000000000001");
        assertThat(envelope.fact()).isEqualTo(new Fact.PaymentDisputed("dp_1RmDsoR7UUImIKwkqN3Xc2Vd",
                Fact.DisputeOutcome.OPENED, new Money(1499, "USD"), "fraudulent", "pi_3RlHdxR7UUImIKwk0Kzq8vTn"));
        assertThat(envelope.eventId())
                .isEqualTo(EventIds.derive("stripe", "dispute:dp_1RmDsoR7UUImIKwkqN3Xc2Vd:OPENED"));
    }

    @Test
    void aClosedDisputeIsWonOrLostAndAnInquiryMovesNoMoney() {
        ordersByPaymentIntent.put("pi_3RlHdxR7UUImIKwk0Kzq8vTn", "ord_01JFIXTURE0000000000000001");
        byte[] lost = StripeFixtures.raw("charge.dispute.closed");
        byte[] won = StripeFixtures.load("charge.dispute.closed").objectField("status", "won").bytes();
        byte[] inquiry = StripeFixtures.load("charge.dispute.created")
                .objectField("status", "warning_needs_response").bytes();
        byte[] partial = StripeFixtures.load("charge.dispute.closed").objectField("amount", Map.of()).bytes();

        assertThat(resolved(lost).fact()).isEqualTo(new Fact.PaymentDisputed("dp_1RmDsoR7UUImIKwkqN3Xc2Vd",
                Fact.DisputeOutcome.LOST, new Money(1499, "USD"), "fraudulent", "pi_3RlHdxR7UUImIKwk0Kzq8vTn"));
        assertThat(((Fact.PaymentDisputed) resolved(won).fact()).outcome()).isEqualTo(Fact.DisputeOutcome.WON);
        assertThat(resolved(lost).eventId()).isNotEqualTo(resolved(won).eventId());
        assertThat(webhook.receive(inquiry, TestSigners.stripe(inquiry, NEW, NOW)))
                .isEqualTo(new Normalised.Ignore("stripe", "charge.dispute.created", "inquiry_moves_no_money"));
        assertRejected(() -> webhook.receive(partial, TestSigners.stripe(partial, NEW, NOW)),
                Reason.VALIDATION_ERROR);
    }

    @Test
    void aDisputeOfAPaymentThatIsNotOursIsIgnoredAndOneCarryingOurOrderIdNeedsNoLookup() {
        byte[] foreign = StripeFixtures.raw("charge.dispute.created");
        byte[] tagged = StripeFixtures.load("charge.dispute.created").orderId("ord_tagged").bytes();

        Normalised deferred = webhook.receive(foreign, TestSigners.stripe(foreign, NEW, NOW));
        Normalised notOurs = ((Normalised.Deferred) deferred).resolution().get();
        Envelope ours = published(webhook.receive(tagged, TestSigners.stripe(tagged, NEW, NOW)));

        assertThat(notOurs).isEqualTo(new Normalised.Ignore("stripe", "charge.dispute.created", "no_order_id"));
        assertThat(ours.key()).isEqualTo("ord_tagged");
        assertThat(lookups).containsExactly("pi_3RlHdxR7UUImIKwk0Kzq8vTn");
    }

    private Envelope resolved(byte[] body) {
        return published(((Normalised.Deferred) webhook.receive(body, TestSigners.stripe(body, NEW, NOW)))
                .resolution().get());
    }

    private static Envelope published(Normalised result) {
        assertThat(result).isInstanceOf(Normalised.Publish.class);
        return ((Normalised.Publish) result).envelope();
    }

    private static void assertRejected(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(WebhookRejected.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
