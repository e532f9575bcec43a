package dev.esim.catalog;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class EnvironmentGuardTest {

    @Test
    void theLocalDefaultsPass() {
        assertThatCode(() -> guard(Map.of()).check()).doesNotThrowAnyException();
    }

    @Test
    void aLiveStripeKeyInSandboxRefusesToStart() {
        assertThatThrownBy(() -> guard(Map.of("esim.catalog.stripe.api-key", "sk_live_abc")).check())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("live Stripe key");
    }

    @Test
    void liveModeRefusesSandboxKeysAndThePublishedSupportToken() {
        Map<String, String> live = new HashMap<>(Map.of("esim.environment", "live",
                "esim.catalog.stripe.api-key", "sk_live_abc", "esim.catalog.provider.api-key", "sk_live_provider",
                "esim.catalog.support.api-token", "a-real-secret"));
        assertThatCode(() -> guard(live).check()).doesNotThrowAnyException();

        live.put("esim.catalog.support.api-token", "support_sandbox_token_local");
        assertThatThrownBy(() -> guard(live).check()).isInstanceOf(IllegalStateException.class);
        live.put("esim.catalog.support.api-token", "a-real-secret");
        live.put("esim.catalog.stripe.api-key", "sk_test_sandbox_local");
        assertThatThrownBy(() -> guard(live).check()).isInstanceOf(IllegalStateException.class);
    }

    private static EnvironmentGuard guard(Map<String, String> properties) {
        CatalogProperties bound = new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("esim", CatalogProperties.class);
        return new EnvironmentGuard(bound);
    }
}
