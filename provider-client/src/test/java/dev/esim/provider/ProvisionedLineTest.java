package dev.esim.provider;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProvisionedLineTest {

    @Test
    void splitsAnLpaStringIntoSmdpAddressAndActivationCode() {
        ProvisionedLine line = ProvisionedLine.fromLpa("8988307000001234567",
                "LPA:1$sm-dp-plus.simology.net$ACT-CODE-1234", null, null);

        assertThat(line.smdpAddress()).isEqualTo("sm-dp-plus.simology.net");
        assertThat(line.activationCode()).isEqualTo("ACT-CODE-1234");
    }

    @Test
    void neverPrintsItsCredentials() {
        ProvisionedLine line = ProvisionedLine.fromLpa("8988307000001234567",
                "LPA:1$sm-dp-plus.simology.net$ACT-CODE-1234", null, null);

        assertThat(line.toString()).contains("8988307000001234567")
                .doesNotContain("ACT-CODE-1234").doesNotContain("LPA:1");
    }
}
