package dev.esim.ingress.it;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.esim.ingress.IngressApplication;
import dev.esim.guardrails.EnvironmentRefusedException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Sandbox and live secrets never mix: the service refuses to start, saying which property is wrong. */
class EnvironmentSafetyIT {

    @Test
    void refusesToStartWithALiveSecretInSandbox() {
        // refused before any bean exists, by guardrails (secrets must belong to the environment's mode)
        assertThatThrownBy(() -> start("sandbox", "esim.ingress.providers.simology.secrets=simsec_live_abc"))
                .isInstanceOf(EnvironmentRefusedException.class)
                .hasMessageContaining("esim.ingress.providers.simology.secrets holds a live secret")
                .hasMessageContaining("refusing to start")
                .hasMessageNotContaining("simsec_live_abc");
    }

    @Test
    void refusesToStartWithTheSandboxStripeSecretInLive() {
        // refused before any bean exists, by guardrails (which names every laptop setting, this one among them)
        assertThatThrownBy(() -> start("live",
                "esim.ingress.stripe.webhook-secrets=whsec_sandbox_local_only_do_not_use_in_production"))
                .isInstanceOf(EnvironmentRefusedException.class)
                .hasMessageContaining("esim.ingress.stripe.webhook-secrets")
                .hasMessageContaining("refusing to start")
                .hasMessageNotContaining("whsec_sandbox_local_only");
    }

    @Test
    void refusesToStartWithALiveGovukPayKeyInSandboxAndItsSandboxSecretInLive() {
        // GOV.UK Pay's keys say their mode (api_live_… / api_test_…): guardrails checks them like Stripe's
        assertThatThrownBy(() -> start("sandbox", "esim.ingress.govukpay.api-key=api_live_abc"))
                .isInstanceOf(EnvironmentRefusedException.class)
                .hasMessageContaining("esim.ingress.govukpay.api-key holds a live secret")
                .hasMessageNotContaining("api_live_abc");
        assertThatThrownBy(() -> start("live",
                "esim.ingress.govukpay.webhook-secrets=govukpay_whsec_sandbox_local_only"))
                .isInstanceOf(EnvironmentRefusedException.class)
                .hasMessageContaining("esim.ingress.govukpay.webhook-secrets")
                .hasMessageNotContaining("govukpay_whsec_sandbox_local_only");
    }

    @Test
    void refusesToStartWhenTheGovukPayAccountsModeDisagreesWithTheEnvironment() {
        // GOV.UK Pay's messages do not carry their mode: the configured one is published, so it must be right
        assertThatThrownBy(() -> start("sandbox", "esim.ingress.govukpay.live=true"))
                .rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("esim.ingress.govukpay.live (GOVUKPAY_LIVE) must be false");
    }

    private static void start(String environment, String secret) {
        // command-line arguments: they outrank application.yml (builder properties would not)
        new SpringApplicationBuilder(IngressApplication.class)
                // no web server: a failed WebFlux start would still dispose Reactor Netty's global event loops,
                // under the other ITs' servers in this JVM
                .run("--spring.main.web-application-type=none", "--esim.environment=" + environment, "--" + secret,
                        "--spring.kafka.bootstrap-servers=127.0.0.1:1")
                .close();
    }
}
