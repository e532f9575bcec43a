package dev.esim.observability;

import static org.assertj.core.api.Assertions.assertThat;

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
}
