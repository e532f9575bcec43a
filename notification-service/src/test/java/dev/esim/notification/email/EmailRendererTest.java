package dev.esim.notification.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class EmailRendererTest {

    static final String LPA = "LPA:1$sm-dp-plus.simology.net$ACT-CODE-1234";
    static final Plan EUROPE = new Plan("EU-5GB-30D", "Europe 5 GB / 30 days", List.of("FR", "IT", "ES"), 5120, 30,
            "https://simology.io/esim-western-europe");

    final EmailRenderer renderer = new EmailRenderer("eSIM Travel <noreply@esim.local>",
            OrderLinks.withToken(URI.create("http://localhost:8082/orders"), id -> "token-of-" + id),
            TopUpLinks.fromTemplate("https://shop.example/top-up?iccid={iccid}"), 360);

    @Test
    void activationEmailCarriesAQrCodeThatDecodesToExactlyTheLpaString() {
        OutgoingEmail email = renderActivation();

        assertThat(email.inlineImages()).hasSize(1);
        OutgoingEmail.InlineImage qr = email.inlineImages().get(0);
        assertThat(qr.contentType()).isEqualTo("image/png");
        assertThat(QrDecoder.decode(qr.bytes())).isEqualTo(LPA);
        assertThat(email.html()).contains("src=\"cid:" + qr.contentId() + "\"");
    }

    @Test
    void usageAndExpiryEmailsCarryTheLinesTopUpLinkAndSayWhatIsLeft() {
        OutgoingEmail usage = renderer.render("<u@test>", "alex@example.com", "ord_7",
                new Notice.LineUsage("8988307000001234567", 80, 1024, "Europe 5 GB / 30 days"), null);
        OutgoingEmail full = renderer.render("<f@test>", "alex@example.com", "ord_7",
                new Notice.LineUsage("8988307000001234567", 100, 0, "Europe 5 GB / 30 days"), null);
        OutgoingEmail expiring = renderer.render("<e@test>", "alex@example.com", "ord_7",
                new Notice.LineExpiring("8988307000001234567", java.time.Instant.parse("2025-02-09T23:59:59Z"),
                        "Europe 5 GB / 30 days"), null);

        assertThat(usage.subject()).isEqualTo("You have used 80 % of your eSIM's data");
        assertThat(usage.text()).contains("1 GB left", "https://shop.example/top-up?iccid=8988307000001234567");
        assertThat(full.subject()).isEqualTo("Your eSIM's data is used up: top up to stay online");
        assertThat(full.text()).contains("no data left").doesNotContain("left.\n\n80");
        assertThat(expiring.subject()).isEqualTo("Your eSIM expires soon");
        assertThat(expiring.text()).contains("9 February 2025, 23:59 UTC",
                "https://shop.example/top-up?iccid=8988307000001234567");
        assertThat(expiring.html().replace("&#x3D;", "=")).contains("https://shop.example/top-up?iccid=");
    }

    @Test
    void activationEmailOffersManualEntryPlanDetailsInstructionsAndTheOrderLink() {
        OutgoingEmail email = renderActivation();

        // the HTML writes "=" as "&#x3D;" inside the link, which the mail client reads back as "="
        for (String body : List.of(email.text(), email.html().replace("&#x3D;", "="))) {
            assertThat(body)
                    .contains("sm-dp-plus.simology.net")
                    .contains("ACT-CODE-1234")
                    .contains("Europe 5 GB / 30 days")
                    .contains("France, Italy, Spain")
                    .contains("5 GB")
                    .contains("30 days")
                    .contains("10 January 2025, 09:21 UTC")
                    .contains("9 February 2025, 23:59 UTC")
                    .contains("iPhone")
                    .contains("Android")
                    .contains("primary SIM")
                    .contains("Plan details, terms and answers to common questions")
                    .contains("https://simology.io/esim-western-europe")
                    .contains("http://localhost:8082/orders/ord_456?token=token-of-ord_456");
        }
        assertThat(email.subject()).contains("Europe 5 GB / 30 days");
        assertThat(email.messageId()).isEqualTo("<evt@test>");
        assertThat(email.to()).isEqualTo("alex@example.com");
    }

    @Test
    void activationEmailWithoutValidityDatesStillRenders() {
        Notice notice = new Notice.ActivationReady("8988307000001234567", EUROPE, null, null);

        OutgoingEmail email = renderer.render("<evt@test>", "alex@example.com", "ord_456", notice, Lpa.parse(LPA));

        assertThat(email.text()).contains("Validity: 30 days")
                .doesNotContain("Valid from").doesNotContain("Valid until");
    }

    @Test
    void aPlanWithoutAPageOfItsOwnHasNoPlanDetailsLine() {
        Plan plain = new Plan("US-1GB-7D", "USA 1 GB / 7 days", List.of("US"), 1024, 7);
        Notice notice = new Notice.ActivationReady("8988307000001234567", plain, null, null);

        OutgoingEmail email = renderer.render("<evt@test>", "alex@example.com", "ord_456", notice, Lpa.parse(LPA));

        assertThat(email.text()).doesNotContain("Plan details");
        assertThat(email.html()).doesNotContain("Plan details");
    }

    @Test
    void htmlEscapesWhatCameFromEvents() {
        Plan odd = new Plan("X", "<script>alert(1)</script>", List.of("FR"), 100, 7);

        OutgoingEmail email = renderer.render("<evt@test>", "alex@example.com", "ord_1",
                new Notice.ActivationReady("1", odd, null, null), Lpa.parse(LPA));

        assertThat(email.html()).doesNotContain("<script>").contains("&lt;script&gt;");
    }

    @Test
    void provisioningFailureIsExplainedPlainlyWithoutProviderDetail() {
        OutgoingEmail email = renderer.render("<evt@test>", "alex@example.com", "ord_456",
                new Notice.ProvisioningFailed("out_of_stock", "Europe 5 GB / 30 days"), null);

        assertThat(email.text()).contains("temporarily sold out").contains("full refund");
        assertThat(email.inlineImages()).isEmpty();
    }

    @Test
    void unknownFailureReasonsGetAGenericMessage() {
        assertThat(EmailRenderer.explain("HTTP 502 from upstream: stack trace…"))
                .isEqualTo("Our network partner could not issue your eSIM just now.");
    }

    @Test
    void refundTopUpAndCancellationRender() {
        assertThat(renderer.render("<a@t>", "a@example.com", "o", new Notice.RefundSucceeded(1499, "USD", "US 5 GB"),
                null).text()).contains("14.99 USD").contains("US 5 GB");
        assertThat(renderer.render("<b@t>", "a@example.com", "o", new Notice.TopUpApplied("89", "Top-up", 1536, null),
                null).subject()).contains("1.5 GB");
        assertThat(renderer.render("<c@t>", "a@example.com", "o", new Notice.LineCancelled("89", true), null).text())
                .contains("cancelled").contains("refund");
    }

    @Test
    void dataAmountsReadAsPlansAreAdvertised() {
        assertThat(EmailRenderer.dataAmount(500)).isEqualTo("500 MB");
        assertThat(EmailRenderer.dataAmount(1024)).isEqualTo("1 GB");
        assertThat(EmailRenderer.dataAmount(20480)).isEqualTo("20 GB");
    }

    @Test
    void anActivationEmailNeedsItsLpa() {
        assertThatThrownBy(() -> renderer.render("<evt@test>", "a@example.com", "o",
                new Notice.ActivationReady("1", EUROPE, null, null), null))
                .isInstanceOf(NullPointerException.class);
    }

    private OutgoingEmail renderActivation() {
        Notice notice = new Notice.ActivationReady("8988307000001234567", EUROPE,
                Instant.parse("2025-01-10T09:21:10Z"), Instant.parse("2025-02-09T23:59:59Z"));
        return renderer.render("<evt@test>", "alex@example.com", "ord_456", notice, Lpa.parse(LPA));
    }
}
