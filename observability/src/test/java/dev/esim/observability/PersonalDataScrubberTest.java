package dev.esim.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PersonalDataScrubberTest {

    @Test
    void masksTheLpaStringWholly() {
        String line = PersonalDataScrubber.scrub(
                "provisioned line lpa=LPA:1$sm-dp-plus.simology.net$ACT-CODE-1234 for ord_1");

        assertThat(line).doesNotContain("ACT-CODE-1234").doesNotContain("sm-dp-plus")
                .contains("LPA:1$***").contains("ord_1");
    }

    @Test
    void masksTheLocalPartOfEmailAddresses() {
        assertThat(PersonalDataScrubber.scrub("sending to alex.smith+trip@example.com now"))
                .isEqualTo("sending to ***@example.com now");
    }

    @Test
    void masksSecretsAndBearerTokens() {
        String line = PersonalDataScrubber.scrub(
                "key sk_live_51Habc123 secret whsec_abcDEF123 header Bearer sk_sandbox_simology_local");

        assertThat(line).doesNotContain("51Habc123").doesNotContain("abcDEF123").doesNotContain("simology_local");
    }

    @Test
    void masksLabelledActivationCodes() {
        assertThat(PersonalDataScrubber.scrub("{\"activation_code\":\"K2-4F9XQ-11ZZ\"}"))
                .doesNotContain("K2-4F9XQ-11ZZ");
    }

    @Test
    void leavesOrdinaryTextAlone() {
        String text = "order ord_7Hq paid, event 6f1f3c1e-5b7a-4f0e-9a53-3c1a2d8e4b90, iccid 8988307000001234567";
        assertThat(PersonalDataScrubber.scrub(text)).isEqualTo(text);
    }

    /** Every pattern run on every line, whatever it holds: what the scrubber must answer, only faster. */
    private static String everyPatternOn(String text) {
        String result = text.replaceAll("LPA:1\\$[^\\s\"',;]+", "LPA:1\\$***")
                .replaceAll("\\b(sk|rk|pk)_(live|test|sandbox)_[A-Za-z0-9_]+", "$1_$2_***")
                .replaceAll("\\b(whsec|simsec)_[A-Za-z0-9_]+", "$1_***")
                .replaceAll("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+", "$1***")
                .replaceAll("[A-Za-z0-9._%+-]+@([A-Za-z0-9.-]+\\.[A-Za-z]{2,})", "***@$1");
        return Pattern.compile("(?i)(activation[_ ]?code\"?\\s*[:=]\\s*\"?)([A-Za-z0-9-]{6,})").matcher(result)
                .replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "***"));
    }

    @Test
    void skippingThePatternsALineCannotMatchChangesNoAnswer() {
        List<String> lines = List.of(
                "BEARER abc.def-123 and bEaReR\tx", "Activation Code = ABCDEF12", "ACTIVATIONCODE:ZZ-99-ZZ",
                "activation_code\":\"K2-4F9XQ-11ZZ\"", "mail A.B@Example.ORG, c@d.io; not@tld",
                "rk_test_9 pk_live_X sk_sandbox_a_b whsec_1 simsec_2 xsk_live_no", "LPA:1$a$b$c, LPA:1$$",
                "order ord_7Hq paid at 2026-12-07T10:00:00Z", "", "@", "@@x.yz", "İstanbul BEARER ı token",
                "activation", "code: ABCDEFG");
        for (String line : lines) {
            assertThat(PersonalDataScrubber.scrub(line)).as(line).isEqualTo(everyPatternOn(line));
        }
    }
}
