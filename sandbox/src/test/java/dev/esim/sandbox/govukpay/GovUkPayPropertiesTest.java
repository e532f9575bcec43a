package dev.esim.sandbox.govukpay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GovUkPayPropertiesTest {

    @Test
    void refusesToStartWithALiveKey() {
        assertThatThrownBy(() -> properties("api_live_abc123", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("api_live_");
    }

    @Test
    void dropsATrailingSlashFromThePublicBaseUrl() {
        assertThat(properties("api_test_x", "http://sandbox.test:8090/").publicBaseUrl())
                .isEqualTo("http://sandbox.test:8090");
    }

    @Test
    void doublesTheWaitBetweenDeliveriesUpToItsCap() {
        GovUkPayProperties.Retry retry = new GovUkPayProperties.Retry(10, Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofSeconds(15));

        assertThat(retry.backoffBefore(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(retry.backoffBefore(3)).isEqualTo(Duration.ofSeconds(2));
        assertThat(retry.backoffBefore(4)).isEqualTo(Duration.ofSeconds(4));
        assertThat(retry.backoffBefore(5)).isEqualTo(Duration.ofSeconds(5));
    }

    private static GovUkPayProperties properties(String apiKey, String publicBaseUrl) {
        return new GovUkPayProperties(apiKey, publicBaseUrl, "", "secret", Duration.ofSeconds(1), 15, null);
    }
}
