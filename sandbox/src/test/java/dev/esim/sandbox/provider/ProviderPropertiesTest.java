package dev.esim.sandbox.provider;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderPropertiesTest {

    @Test
    void refusesToStartWithALiveApiKey() {
        assertThatThrownBy(() -> new ProviderProperties("simology", "8988307", "sk_live_123", ActivationMode.SYNC,
                Map.of(),
                Duration.ofMillis(500), URI.create("http://localhost:8080/webhooks/providers/simology"),
                "simsec_sandbox_local_only", null, 10, new BigDecimal("1000"), new BigDecimal("100"),
                new BigDecimal("1.08"), "sm-dp-plus.simology.net", "http://localhost:8090/provider/simology",
                Duration.ofMinutes(5), 40))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sandbox key");
    }
}
