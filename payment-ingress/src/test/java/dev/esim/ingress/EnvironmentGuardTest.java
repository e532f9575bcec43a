package dev.esim.ingress;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentGuardTest {

    @Test
    void refusesLiveSecretsInSandboxAndSaysWhichProperty() {
        assertThatThrownBy(() -> EnvironmentGuard.check("sandbox",
                Map.of("esim.ingress.providers.simology.secrets", List.of("simsec_live_abc"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("esim.ingress.providers.simology.secrets")
                .hasMessageContaining("live secret")
                .hasMessageNotContaining("simsec_live_abc");
    }

    @Test
    void refusesSandboxSecretsInLive() {
        assertThatThrownBy(() -> EnvironmentGuard.check("live",
                Map.of("esim.ingress.stripe.webhook-secrets",
                        List.of("whsec_sandbox_local_only_do_not_use_in_production"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sandbox/test secret");
    }

    @Test
    void acceptsMatchingAndUnmarkedSecrets() {
        assertThatCode(() -> EnvironmentGuard.check("sandbox", Map.of("a", List.of("whsec_sandbox_x", "whsec_Ab12Cd"))))
                .doesNotThrowAnyException();
        assertThatCode(() -> EnvironmentGuard.check("live", Map.of("a", List.of("simsec_live_x", "whsec_Ab12Cd"))))
                .doesNotThrowAnyException();
    }
}
