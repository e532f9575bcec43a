package dev.esim.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class IngressPropertiesTest {

    @Test
    void theGovukPayAccountsModeMustBeTheEnvironments() {
        assertThat(properties("sandbox", false).ingress().govukpay().live()).isFalse();
        assertThat(properties("live", true).ingress().govukpay().live()).isTrue();

        assertThatThrownBy(() -> properties("sandbox", true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("esim.ingress.govukpay.live");
        assertThatThrownBy(() -> properties("live", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("esim.ingress.govukpay.live (GOVUKPAY_LIVE) must be true");
    }

    @Test
    void govukPaySecretsAndKeyNeverAppearInToString() {
        String printed = properties("sandbox", false).ingress().govukpay().toString();

        assertThat(printed).doesNotContain("govukpay_whsec_unit").doesNotContain("api_test_unit")
                .contains("2 redacted");
    }

    private static IngressProperties properties(String environment, boolean govukPayLive) {
        var stripe = new IngressProperties.Stripe(List.of("whsec_unit"), Duration.ofSeconds(300), "sk_test_unit",
                "https://api.stripe.com", Duration.ofSeconds(2));
        var govukpay = new IngressProperties.Govukpay(List.of("govukpay_whsec_unit", "govukpay_whsec_unit_2"),
                "api_test_unit", "https://publicapi.payments.service.gov.uk", Duration.ofSeconds(2), govukPayLive);
        var ingress = new IngressProperties.Ingress(DataSize.ofKilobytes(256), Duration.ofSeconds(3),
                Duration.ofSeconds(1), Duration.ofMinutes(10), stripe, govukpay, Map.of());
        return new IngressProperties(environment, new IngressProperties.Crypto("", ""), ingress);
    }
}
