package dev.esim.ingress.govukpay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.esim.events.EventIds;
import dev.esim.ingress.event.Envelope;
import dev.esim.ingress.event.Fact;
import dev.esim.ingress.event.Money;
import dev.esim.ingress.event.Normalised;
import dev.esim.ingress.event.WebhookRejected;
import dev.esim.ingress.event.WebhookRejected.Reason;
import dev.esim.ingress.fixtures.GovukPayFixtures;
import dev.esim.ingress.fixtures.TestSigners;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class GovukPayWebhookTest {

    private static final String OLD = "govukpay_whsec_old_rotating_out";
    private static final String NEW = "govukpay_whsec_new_rotating_in";
    private static final String ORDER = "ord_0123456789abcdef0123456789abcdef";
    private static final String PAYMENT = "hu20sqlact5260q2nanm0q8u93";

    /** What GOV.UK Pay's API would answer for a payment's {@code reference}; absent = 404. */
    private final Map<String, String> referencesByPayment = new HashMap<>();
    private final List<String> lookups = new ArrayList<>();
    private final PaymentReferences payments = paymentId -> {
        lookups.add(paymentId);
        return Optional.ofNullable(referencesByPayment.get(paymentId));
    };
    private final GovukPayWebhook webhook = new GovukPayWebhook(List.of(OLD, NEW), false, payments);

    @Test
    void normalisesASucceededPaymentIntoPaymentSucceededKeyedByItsReference() {
        GovukPayFixtures message = GovukPayFixtures.payment("card_payment_succeeded", PAYMENT, ORDER);
        byte[] body = message.bytes();

        Envelope envelope = published(webhook.receive(body, TestSigners.govukPay(body, NEW)));

        assertThat(envelope.eventId()).isEqualTo(EventIds.derive("govukpay", PAYMENT + "/card_payment_succeeded"));
        assertThat(envelope.key()).isEqualTo(ORDER);
        assertThat(envelope.orderId()).isEqualTo(ORDER);
        assertThat(envelope.sourceEventId()).isEqualTo(message.messageId());
        assertThat(envelope.source()).isEqualTo("govukpay");
        assertThat(envelope.sourceEventType()).isEqualTo("card_payment_succeeded");
        assertThat(envelope.occurredAt()).isEqualTo(Instant.parse("2026-03-02T10:16:02.481Z"));
        assertThat(envelope.livemode()).isFalse();
        assertThat(envelope.originalPayload()).isEqualTo(body);
        assertThat(envelope.fact()).isEqualTo(new Fact.PaymentSucceeded(new Money(1499, "GBP"), PAYMENT, PAYMENT));
        assertThat(lookups).isEmpty();
    }

    @Test
    void failedAndExpiredPaymentsArePaymentFailedWithGovukPaysCode() {
        for (var expected : Map.of("card_payment_failed", "P0010", "card_payment_expired", "P0020").entrySet()) {
            byte[] body = GovukPayFixtures.payment(expected.getKey(), PAYMENT, ORDER).bytes();

            Envelope envelope = published(webhook.receive(body, TestSigners.govukPay(body, OLD)));

            assertThat(envelope.eventId()).isEqualTo(EventIds.derive("govukpay", PAYMENT + "/" + expected.getKey()));
            assertThat(envelope.key()).isEqualTo(ORDER);
            assertThat(envelope.fact()).isEqualTo(new Fact.PaymentFailed(expected.getValue(), PAYMENT, PAYMENT));
        }
    }

    @Test
    void aPaymentCancelledOnThePaymentPageCarriesItsCodeAndAFailureWithoutOneIsNamedByItsType() {
        byte[] cancelled = GovukPayFixtures.payment("card_payment_failed", PAYMENT, ORDER)
                .resourceField("state", Map.of("status", "failed", "finished", true, "code", "P0030")).bytes();
        byte[] uncoded = GovukPayFixtures.payment("card_payment_expired", PAYMENT, ORDER)
                .resourceField("state", Map.of("status", "failed", "finished", true)).bytes();

        assertThat(published(webhook.receive(cancelled, TestSigners.govukPay(cancelled, NEW))).fact())
                .isEqualTo(new Fact.PaymentFailed("P0030", PAYMENT, PAYMENT));
        assertThat(published(webhook.receive(uncoded, TestSigners.govukPay(uncoded, NEW))).fact())
                .isEqualTo(new Fact.PaymentFailed("card_payment_expired", PAYMENT, PAYMENT));
    }

    @Test
    void aRefundIsPublishedForTheOrderItsPaymentNamesAfterAskingTheApiOffTheEventLoop() {
        referencesByPayment.put(PAYMENT, ORDER);
        GovukPayFixtures message = GovukPayFixtures.refund("rf4jfabcee0ev36so050kooaja", PAYMENT);
        byte[] body = message.bytes();

        Normalised result = webhook.receive(body, TestSigners.govukPay(body, NEW));

        // nothing asked yet: the web layer resolves it on a pool meant for blocking calls
        assertThat(result).isInstanceOf(Normalised.Deferred.class);
        assertThat(lookups).isEmpty();
        Envelope envelope = published(((Normalised.Deferred) result).resolution().get());
        assertThat(lookups).containsExactly(PAYMENT);
        assertThat(envelope.eventId())
                .isEqualTo(EventIds.derive("govukpay", "rf4jfabcee0ev36so050kooaja/card_payment_refunded"));
        assertThat(envelope.key()).isEqualTo(ORDER);
        assertThat(envelope.sourceEventId()).isEqualTo(message.messageId());
        assertThat(envelope.sourceEventType()).isEqualTo("card_payment_refunded");
        assertThat(envelope.fact()).isEqualTo(new Fact.RefundSucceeded("rf4jfabcee0ev36so050kooaja",
                new Money(500, "GBP"), PAYMENT));
    }

    @Test
    void aRefundWithoutPaymentIdNamesItsPaymentThroughItsLink() {
        referencesByPayment.put(PAYMENT, ORDER);
        byte[] body = GovukPayFixtures.refund("rf4jfabcee0ev36so050kooaja", PAYMENT).withoutResourceField("payment_id")
                .bytes();

        Envelope envelope = resolved(webhook.receive(body, TestSigners.govukPay(body, NEW)));

        assertThat(lookups).containsExactly(PAYMENT);
        assertThat(envelope.key()).isEqualTo(ORDER);
    }

    @Test
    void aRefundOfAPaymentTheApiDoesNotKnowOrThatIsNotOneOfOursIsRefused() {
        byte[] unknown = GovukPayFixtures.refund("rf_unknown", "paymentnotonthisaccount").bytes();
        referencesByPayment.put("paymentofanotherservice", "COUNCIL-TAX-2026-0042");
        byte[] foreign = GovukPayFixtures.refund("rf_foreign", "paymentofanotherservice").bytes();

        assertRejected(() -> resolved(webhook.receive(unknown, TestSigners.govukPay(unknown, NEW))),
                Reason.VALIDATION_ERROR);
        assertRejected(() -> resolved(webhook.receive(foreign, TestSigners.govukPay(foreign, NEW))),
                Reason.VALIDATION_ERROR);
    }

    @Test
    void whenTheApiCannotBeAskedTheFaultReachesTheWebLayerForA503() {
        PaymentReferences down = paymentId -> {
            throw new PaymentReferences.Unavailable("GOV.UK Pay's API answered 503 to a payment lookup", null);
        };
        GovukPayWebhook webhook = new GovukPayWebhook(List.of(NEW), false, down);
        byte[] body = GovukPayFixtures.refund("rf4jfabcee0ev36so050kooaja", PAYMENT).bytes();

        assertThatThrownBy(() -> resolved(webhook.receive(body, TestSigners.govukPay(body, NEW))))
                .isInstanceOf(PaymentReferences.Unavailable.class);
    }

    @Test
    void aRefundNotYetSuccessfulIsIgnoredWithoutAskingTheApi() {
        byte[] submitted = GovukPayFixtures.refund("rf_submitted", PAYMENT).resourceField("status", "submitted")
                .bytes();

        Normalised result = webhook.receive(submitted, TestSigners.govukPay(submitted, NEW));

        assertThat(result).isEqualTo(new Normalised.Ignore("govukpay", "card_payment_refunded",
                "refund_status_submitted"));
        assertThat(lookups).isEmpty();
    }

    @Test
    void startedCapturedSettledAndUnknownTypesAreIgnored() {
        for (String type : List.of("card_payment_started", "card_payment_captured", "card_payment_settled",
                "card_payment_disputed")) {
            byte[] body = GovukPayFixtures.payment(type, PAYMENT, ORDER).bytes();

            assertThat(webhook.receive(body, TestSigners.govukPay(body, NEW)))
                    .isEqualTo(new Normalised.Ignore("govukpay", type, "event_type_not_handled"));
        }
    }

    @Test
    void typesAreReadInAnyCaseAndKeptInLowerCase() {
        byte[] body = GovukPayFixtures.payment("card_payment_succeeded", PAYMENT, ORDER).upperCaseTypes().bytes();

        Envelope envelope = published(webhook.receive(body, TestSigners.govukPay(body, NEW)));

        assertThat(envelope.sourceEventType()).isEqualTo("card_payment_succeeded");
        assertThat(envelope.eventId()).isEqualTo(EventIds.derive("govukpay", PAYMENT + "/card_payment_succeeded"));
    }

    @Test
    void aMessageResentUnderAnotherIdHasTheEventIdOfTheOriginal() {
        // reconciliation rebuilds a missed message from the payment and signs it afresh: a new message id
        byte[] original = GovukPayFixtures.payment("card_payment_succeeded", PAYMENT, ORDER).bytes();
        byte[] rebuilt = GovukPayFixtures.payment("card_payment_succeeded", PAYMENT, ORDER)
                .field("created_date", "2026-03-02T11:00:00Z").bytes();

        Envelope first = published(webhook.receive(original, TestSigners.govukPay(original, NEW)));
        Envelope again = published(webhook.receive(rebuilt, TestSigners.govukPay(rebuilt, NEW)));

        assertThat(again.sourceEventId()).isNotEqualTo(first.sourceEventId());
        assertThat(again.eventId()).isEqualTo(first.eventId());
    }

    @Test
    void livemodeIsTheConfiguredModeOfTheAccount() {
        GovukPayWebhook live = new GovukPayWebhook(List.of(NEW), true, payments);
        byte[] body = GovukPayFixtures.payment("card_payment_succeeded", PAYMENT, ORDER).bytes();

        assertThat(published(live.receive(body, TestSigners.govukPay(body, NEW))).livemode()).isTrue();
    }

    @Test
    void acceptsEitherSecretDuringRotation() {
        byte[] body = GovukPayFixtures.payment("card_payment_succeeded", PAYMENT, ORDER).bytes();

        assertThat(webhook.receive(body, TestSigners.govukPay(body, OLD))).isInstanceOf(Normalised.Publish.class);
        assertThat(webhook.receive(body, TestSigners.govukPay(body, NEW))).isInstanceOf(Normalised.Publish.class);
    }

    @Test
    void refusesASecretRemovedAfterRotation() {
        GovukPayWebhook rotated = new GovukPayWebhook(List.of(NEW), false, payments);
        byte[] body = GovukPayFixtures.payment("card_payment_succeeded", PAYMENT, ORDER).bytes();

        assertRejected(() -> rotated.receive(body, TestSigners.govukPay(body, OLD)), Reason.SIGNATURE_INVALID);
    }

    @Test
    void rejectsMissingMalformedAndForgedSignatures() {
        byte[] body = GovukPayFixtures.payment("card_payment_succeeded", PAYMENT, ORDER).bytes();
        String genuine = TestSigners.govukPay(body, NEW);

        assertRejected(() -> webhook.receive(body, null), Reason.SIGNATURE_INVALID);
        assertRejected(() -> webhook.receive(body, " "), Reason.SIGNATURE_INVALID);
        assertRejected(() -> webhook.receive(body, "not-hex"), Reason.SIGNATURE_INVALID);
        assertRejected(() -> webhook.receive(body, genuine.substring(2)), Reason.SIGNATURE_INVALID);
        assertRejected(() -> webhook.receive(body, genuine + "00"), Reason.SIGNATURE_INVALID);
        assertRejected(() -> webhook.receive(body, "t=1,v1=" + genuine), Reason.SIGNATURE_INVALID);
        assertRejected(() -> webhook.receive(body, TestSigners.govukPay(body, "govukpay_whsec_forged")),
                Reason.SIGNATURE_INVALID);
        // the hex of the digest is what is compared, not its spelling
        assertThat(webhook.receive(body, genuine.toUpperCase(Locale.ROOT))).isInstanceOf(Normalised.Publish.class);
    }

    @Test
    void rejectsATamperedBody() {
        byte[] body = GovukPayFixtures.payment("card_payment_succeeded", PAYMENT, ORDER).bytes();
        String signature = TestSigners.govukPay(body, NEW);
        byte[] cheaper = new String(body, StandardCharsets.UTF_8).replace("\"amount\":1499", "\"amount\":1")
                .getBytes(StandardCharsets.UTF_8);

        assertRejected(() -> webhook.receive(cheaper, signature), Reason.SIGNATURE_INVALID);
    }

    @Test
    void rejectsSignedBodiesThatAreNotGovukPayMessages() {
        List<byte[]> bodies = new ArrayList<>(List.of(
                "{\"id\":\"msg1\",\"event_type\":".getBytes(StandardCharsets.UTF_8),
                "[]".getBytes(StandardCharsets.UTF_8),
                "null".getBytes(StandardCharsets.UTF_8),
                new byte[0]));
        for (String field : List.of("id", "event_type", "resource_id", "created_date", "resource")) {
            bodies.add(GovukPayFixtures.payment("card_payment_succeeded", PAYMENT, ORDER).without(field).bytes());
        }
        bodies.add(GovukPayFixtures.payment("card_payment_succeeded", PAYMENT, ORDER).field("resource", "payment")
                .bytes());
        bodies.add(GovukPayFixtures.payment("card_payment_succeeded", PAYMENT, ORDER).field("id", 42).bytes());
        for (String date : List.of("yesterday", "2026-03-02", "2026-03-02T10:16:02", "+1000000-01-01T00:00:00Z")) {
            bodies.add(GovukPayFixtures.payment("card_payment_succeeded", PAYMENT, ORDER).field("created_date", date)
                    .bytes());
        }

        for (byte[] body : bodies) {
            assertRejected(() -> webhook.receive(body, TestSigners.govukPay(body, NEW)), Reason.VALIDATION_ERROR);
        }
    }

    @Test
    void refusesPaymentsWithoutOurReferenceOrAPositiveWholeAmount() {
        List<GovukPayFixtures> invalid = new ArrayList<>(List.of(
                succeeded().withoutResourceField("reference"),
                succeeded().resourceField("reference", ""),
                succeeded().resourceField("reference", "COUNCIL-TAX-2026-0042"),
                succeeded().resourceField("reference", ORDER.toUpperCase(Locale.ROOT)),
                succeeded().resourceField("reference", ORDER + "/2"),
                succeeded().withoutResourceField("amount"),
                succeeded().resourceField("amount", 0),
                succeeded().resourceField("amount", -1499),
                succeeded().resourceField("amount", 14.99),
                succeeded().resourceField("amount", "1499"),
                succeeded().resourceField("amount", new java.math.BigInteger("99999999999999999999999")),
                GovukPayFixtures.payment("card_payment_failed", PAYMENT, "ord_not_ours")));
        invalid.add(GovukPayFixtures.refund("rf_zero", PAYMENT).resourceField("amount", 0));

        referencesByPayment.put(PAYMENT, ORDER);
        for (GovukPayFixtures message : invalid) {
            byte[] body = message.bytes();
            assertRejected(() -> resolved(webhook.receive(body, TestSigners.govukPay(body, NEW))),
                    Reason.VALIDATION_ERROR);
        }
    }

    @Test
    void refusesMessagesWhoseIdsOrResourceTypeDoNotFitTogether() {
        List<GovukPayFixtures> invalid = List.of(
                succeeded().resourceField("payment_id", "anotherpayment000000000000"),
                succeeded().field("resource_type", "refund"),
                succeeded().without("resource_type"),
                succeeded().field("resource_id", "../../v1/refunds"),
                GovukPayFixtures.refund("rf_one", PAYMENT).field("resource_type", "payment"),
                GovukPayFixtures.refund("rf_one", PAYMENT).resourceField("refund_id", "rf_two"),
                GovukPayFixtures.refund("rf_one", PAYMENT).withoutResourceField("payment_id")
                        .withoutResourceField("_links"),
                GovukPayFixtures.refund("rf_one", "../../v1/refunds"));

        for (GovukPayFixtures message : invalid) {
            byte[] body = message.bytes();
            assertRejected(() -> resolved(webhook.receive(body, TestSigners.govukPay(body, NEW))),
                    Reason.VALIDATION_ERROR);
        }
        assertThat(lookups).isEmpty();
    }

    @Test
    void refusesToBeBuiltWithoutASecret() {
        assertThatThrownBy(() -> new GovukPayWebhook(List.of(), false, payments))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GovukPayWebhook(List.of(NEW, " "), false, payments))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static GovukPayFixtures succeeded() {
        return GovukPayFixtures.payment("card_payment_succeeded", PAYMENT, ORDER);
    }

    private static Envelope published(Normalised result) {
        assertThat(result).isInstanceOf(Normalised.Publish.class);
        return ((Normalised.Publish) result).envelope();
    }

    /** The envelope once a deferred lookup (if any) has run, as the web layer runs it. */
    private static Envelope resolved(Normalised result) {
        return published(result instanceof Normalised.Deferred deferred ? deferred.resolution().get() : result);
    }

    private static void assertRejected(ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(WebhookRejected.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
