package dev.esim.notification.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LpaTest {

    @Test
    void splitsSmdpAddressAndActivationCode() {
        Lpa lpa = Lpa.parse("LPA:1$smdp.example.com$K2-ABC-123$1.3.6.1.4.1.31746$1");

        assertThat(lpa.smdpAddress()).isEqualTo("smdp.example.com");
        assertThat(lpa.activationCode()).isEqualTo("K2-ABC-123");
        assertThat(lpa.value()).isEqualTo("LPA:1$smdp.example.com$K2-ABC-123$1.3.6.1.4.1.31746$1");
    }

    @Test
    void rejectsWhatIsNotAnLpaStringWithoutQuotingIt() {
        assertThatThrownBy(() -> Lpa.parse("secret-code-xyz"))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("secret-code-xyz");
        assertThatThrownBy(() -> Lpa.parse("LPA:1$smdp.example.com$"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void neverPrintsItself() {
        assertThat(Lpa.parse("LPA:1$smdp.example.com$K2-ABC-123")).hasToString("Lpa[redacted]");
    }
}
