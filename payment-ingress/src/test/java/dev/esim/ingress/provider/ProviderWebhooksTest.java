package dev.esim.ingress.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.esim.events.EventIds;
import dev.esim.ingress.event.Fact;
import dev.esim.ingress.event.Normalised;
import dev.esim.ingress.event.WebhookRejected;
import dev.esim.ingress.event.WebhookRejected.Reason;
import dev.esim.ingress.fixtures.ProviderFixtures;
import dev.esim.ingress.fixtures.TestSigners;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ProviderWebhooksTest {

    private static final long NOW = 1_736_500_000L;
    private static final String SIM_OLD = "simsec_sandbox_old";
    private static final String SIM_NEW = "simsec_sandbox_new";
    private static final String GO_KEY = "esimgo_sandbox_key";

    private final Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    private final ProviderWebhooks webhooks = new ProviderWebhooks(List.of(
            new ProviderEndpoint("simology", ProviderScheme.SIMOLOGY, List.of(SIM_OLD, SIM_NEW), Duration.ofMinutes(5)),
            new ProviderEndpoint("esimgo", ProviderScheme.ESIM_GO, List.of(GO_KEY), Duration.ofMinutes(5))), clock);

    @Test
    void simologyActivationReadyCarriesTheLineKeyedByOurReference() {
        byte[] body = ProviderFixtures.simologyActivationReady("evt_789", "ord_42");

        var envelope = publish(webhooks.receive("simology", body, simologyHeaders(body, SIM_NEW, NOW)));

        assertThat(envelope.eventId()).isEqualTo(EventIds.derive("simology", "evt_789"));
        assertThat(envelope.key()).isEqualTo("ord_42");
        assertThat(envelope.orderId()).isEqualTo("ord_42");
        assertThat(envelope.sourceEventType()).isEqualTo("activation.ready");
        assertThat(envelope.occurredAt()).isEqualTo(Instant.parse("2025-01-10T09:21:10Z"));
        assertThat(envelope.fact()).isEqualTo(new Fact.ActivationReady("ord_7Hq", "8988307000001234567",
                ProviderFixtures.LPA, Instant.parse("2025-01-10T09:21:10Z"), Instant.parse("2025-02-09T23:59:59Z")));
        assertThat(envelope.fact().toString()).doesNotContain("ACT-CODE-1234");
    }

    @Test
    void aFurtherLineOfAnOrderIsKeyedByTheOrderSoItSharesThePaymentsPartition() {
        byte[] body = ProviderFixtures.simologyActivationReady("evt_790", "ord_42/2");

        var envelope = publish(webhooks.receive("simology", body, simologyHeaders(body, SIM_NEW, NOW)));

        assertThat(envelope.key()).isEqualTo("ord_42");
        assertThat(envelope.orderId()).isEqualTo("ord_42");
        assertThat(envelope.reference()).isEqualTo("ord_42/2");
    }

    @Test
    void simologyFailuresAndAlertsAreNormalised() {
        byte[] failed = ProviderFixtures.simologyOrderFailed("evt_f", "ord_1");
        byte[] usage = ProviderFixtures.simologyUsage("evt_u", "ord_1");
        byte[] expiring = ProviderFixtures.simologyExpiring("evt_e", "ord_1");

        assertThat(publish(webhooks.receive("simology", failed, simologyHeaders(failed, SIM_OLD, NOW))).fact())
                .isEqualTo(new Fact.ProviderOrderFailed("ord_7Hq", "out_of_stock"));
        assertThat(publish(webhooks.receive("simology", usage, simologyHeaders(usage, SIM_OLD, NOW))).fact())
                .isEqualTo(new Fact.LineAlert("8988307000001234567", Fact.AlertKind.USAGE_THRESHOLD, 4096L, 1024L,
                        null));
        assertThat(publish(webhooks.receive("simology", expiring, simologyHeaders(expiring, SIM_OLD, NOW))).fact())
                .isEqualTo(new Fact.LineAlert("8988307000001234567", Fact.AlertKind.EXPIRING, null, null,
                        Instant.parse("2025-02-09T23:59:59Z")));
    }

    @Test
    void simologyEventsWeDoNotActOnAreIgnored() {
        byte[] body = "{\"type\":\"order.paid\",\"id\":\"evt_123\",\"created\":\"2025-01-10T09:20:02Z\",\"data\":{}}"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(webhooks.receive("simology", body, simologyHeaders(body, SIM_NEW, NOW)))
                .isEqualTo(new Normalised.Ignore("simology", "order.paid", "event_type_not_handled"));
    }

    @Test
    void simologyAcceptsAnyOfSeveralV1SignaturesDuringRotation() {
        byte[] body = ProviderFixtures.simologyActivationReady("evt_1", "ord_1");
        String header = "t=" + NOW + ",v1=" + "00".repeat(32) + ","
                + TestSigners.simology(body, SIM_OLD, NOW).substring(("t=" + NOW + ",").length());

        assertThat(webhooks.receive("simology", body, headers(Map.of("Simology-Signature", header))))
                .isInstanceOf(Normalised.Publish.class);
    }

    @Test
    void simologyRejectsSkewBeyondFiveMinutesInEitherDirection() {
        byte[] body = ProviderFixtures.simologyActivationReady("evt_1", "ord_1");

        assertRejected(() -> webhooks.receive("simology", body, simologyHeaders(body, SIM_NEW, NOW - 301)),
                Reason.TIMESTAMP_OUT_OF_TOLERANCE);
        assertRejected(() -> webhooks.receive("simology", body, simologyHeaders(body, SIM_NEW, NOW + 301)),
                Reason.TIMESTAMP_OUT_OF_TOLERANCE);
        assertThat(webhooks.receive("simology", body, simologyHeaders(body, SIM_NEW, NOW + 299)))
                .isInstanceOf(Normalised.Publish.class);
    }

    @Test
    void simologyRejectsBadSignatures() {
        byte[] body = ProviderFixtures.simologyActivationReady("evt_1", "ord_1");

        assertRejected(() -> webhooks.receive("simology", body, headers(Map.of())), Reason.SIGNATURE_INVALID);
        assertRejected(() -> webhooks.receive("simology", body, simologyHeaders(body, "simsec_other", NOW)),
                Reason.SIGNATURE_INVALID);
        assertRejected(() -> webhooks.receive("simology", body,
                headers(Map.of("Simology-Signature", "t=" + Long.MIN_VALUE + ",v1=abc"))), Reason.SIGNATURE_INVALID);
        assertRejected(() -> webhooks.receive("simology", body,
                headers(Map.of("Simology-Signature", "v1=" + "ab".repeat(32)))), Reason.SIGNATURE_INVALID);
    }

    @Test
    void simologyRejectsSignedPayloadsThatFailTheSchema() {
        for (String json : List.of("nope", "[1]",
                "{\"type\":\"activation.ready\",\"id\":\"e\",\"created\":\"yesterday\"}",
                "{\"type\":\"activation.ready\",\"id\":\"e\",\"created\":\"2025-01-10T09:21:10Z\","
                        + "\"data\":{\"order_id\":\"o\"}}",
                "{\"type\":\"activation.ready\",\"id\":\"e\",\"created\":\"2025-01-10T09:21:10Z\","
                        + "\"data\":{\"order_id\":\"o\",\"reference\":\"r\","
                        + "\"line\":{\"iccid\":\"1\",\"smdp_plus\":\"not-an-lpa\"}}}")) {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            assertRejected(() -> webhooks.receive("simology", body, simologyHeaders(body, SIM_NEW, NOW)),
                    Reason.VALIDATION_ERROR);
        }
    }

    @Test
    void esimGoUtilisationBecomesAUsageAlertKeyedByIccidWithABodyDerivedId() {
        byte[] body = ProviderFixtures.esimGoUtilisation("8944538532008160222");

        var base64 = publish(webhooks.receive("esimgo", body,
                headers(Map.of("X-Signature-SHA256", TestSigners.esimGo(body, GO_KEY)))));
        var hex = publish(webhooks.receive("esimgo", body,
                headers(Map.of("X-Signature-SHA256", TestSigners.esimGoHex(body, GO_KEY)))));

        assertThat(base64.key()).isEqualTo("8944538532008160222");
        assertThat(base64.orderId()).isEmpty();
        assertThat(base64.fact()).isEqualTo(new Fact.LineAlert("8944538532008160222", Fact.AlertKind.USAGE_THRESHOLD,
                800L, 200L, Instant.parse("2025-01-17T09:21:10Z")));
        assertThat(hex.eventId()).isEqualTo(base64.eventId());
        assertThat(base64.sourceEventId()).startsWith("sha256:");
    }

    @Test
    void esimGoRejectsWrongKeyAndIgnoresOtherAlerts() {
        byte[] body = ProviderFixtures.esimGoUtilisation("8944538532008160222");
        byte[] firstUse = new String(body, StandardCharsets.UTF_8).replace("Utilisation", "FirstUse")
                .getBytes(StandardCharsets.UTF_8);

        assertRejected(() -> webhooks.receive("esimgo", body,
                headers(Map.of("X-Signature-SHA256", TestSigners.esimGo(body, "other")))), Reason.SIGNATURE_INVALID);
        assertRejected(() -> webhooks.receive("esimgo", body, headers(Map.of("X-Signature-SHA256", "%%%"))),
                Reason.SIGNATURE_INVALID);
        assertThat(webhooks.receive("esimgo", firstUse,
                headers(Map.of("X-Signature-SHA256", TestSigners.esimGo(firstUse, GO_KEY)))))
                .isEqualTo(new Normalised.Ignore("esimgo", "FirstUse", "event_type_not_handled"));
    }

    @Test
    void unknownProvidersAreNotFound() {
        assertThat(webhooks.knows("airalo")).isFalse();
        assertRejected(() -> webhooks.receive("airalo", new byte[0], headers(Map.of())), Reason.NOT_FOUND);
    }

    private static dev.esim.ingress.event.Envelope publish(Normalised normalised) {
        assertThat(normalised).isInstanceOf(Normalised.Publish.class);
        return ((Normalised.Publish) normalised).envelope();
    }

    private static Function<String, String> simologyHeaders(byte[] body, String secret, long t) {
        return headers(Map.of("Simology-Signature", TestSigners.simology(body, secret, t)));
    }

    private static Function<String, String> headers(Map<String, String> values) {
        return values::get;
    }

    private static void assertRejected(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(WebhookRejected.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
