package dev.esim.guardrails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

@ExtendWith(OutputCaptureExtension.class)
class EnvironmentGuardTest {

    /** What a service's application.yml falls back to when nothing is set: the local stack. */
    private static final Map<String, Object> LAPTOP = Map.of(
            "esim.catalog.stripe.api-base", "http://localhost:8090/stripe",
            "esim.worker.providers[0].base-url", "https://127.0.0.1:8090/provider/simology",
            "esim.catalog.support.api-token", "support_sandbox_token_local",
            "esim.catalog.reconciliation.webhook-url", "http://payment-ingress:8080/webhooks/stripe",
            "spring.kafka.bootstrap-servers", "localhost:9092",
            "spring.datasource.url", "jdbc:postgresql://localhost:5432/catalog",
            "spring.datasource.username", "esim",
            "spring.datasource.password", "esim",
            "spring.mail.host", "localhost");

    private static final Map<String, Object> PRODUCTION = Map.of(
            "esim.catalog.stripe.api-base", "https://api.stripe.com",
            "esim.worker.providers[0].base-url", "https://api.simology.example/v1",
            "esim.notification.order-status-base-url", "https://shop.example.com/orders/",
            "esim.catalog.reconciliation.webhook-url", "http://payment-ingress:8080/webhooks/stripe",
            "spring.kafka.bootstrap-servers", "kafka-0.kafka:9093,kafka-1.kafka:9093",
            "spring.datasource.url", "jdbc:postgresql://db.internal:5432/catalog",
            "spring.datasource.username", "catalog",
            "spring.datasource.password", "a long generated password",
            "spring.mail.host", "smtp.mailprovider.example",
            "spring.mail.properties.mail.smtp.starttls.required", "true");

    @Test
    void liveWithLaptopSettingsListsEveryProblemByPropertyNameAndNeverByValue() {
        assertThat(EnvironmentGuard.problems(environment("live", LAPTOP))).containsExactlyInAnyOrder(
                "esim.catalog.stripe.api-base must be an https:// URL",
                "esim.catalog.stripe.api-base points at this machine",
                "esim.worker.providers[0].base-url points at this machine",
                "esim.catalog.support.api-token holds a published sandbox secret",
                "esim.catalog.support.api-token holds a sandbox or test secret (sandbox and live secrets never mix)",
                "spring.kafka.bootstrap-servers points at this machine",
                "spring.datasource.url points at this machine",
                "spring.mail.host points at this machine",
                "SMTP would run in plaintext: set spring.mail.properties.mail.smtp.starttls.required=true "
                        + "(SMTP_STARTTLS=true) or spring.mail.protocol=smtps",
                "spring.datasource.username/password are the local stack's defaults");
    }

    @Test
    void liveRefusesTheSupportConsolesSandboxKeysByName() {
        Map<String, Object> settings = new java.util.HashMap<>(PRODUCTION);
        settings.put("esim.catalog.support.email-lookup-key", "emlkey_sandbox_local_only");
        settings.put("SUPPORT_SESSION_SECRET", "a_sandbox_session_secret");

        assertThat(EnvironmentGuard.problems(environment("live", settings))).containsExactlyInAnyOrder(
                "esim.catalog.support.email-lookup-key holds a published sandbox secret",
                "esim.catalog.support.email-lookup-key holds a sandbox or test secret (sandbox and live secrets never "
                        + "mix)",
                "SUPPORT_SESSION_SECRET holds a sandbox or test secret (sandbox and live secrets never mix)");
    }

    @Test
    void liveRefusesGovUkPaysSandboxKeyAndSigningSecretByName() {
        Map<String, Object> settings = new java.util.HashMap<>(PRODUCTION);
        settings.put("esim.catalog.govukpay.api-key", "api_test_sandbox_govukpay_local");
        settings.put("esim.ingress.govukpay.webhook-secrets", "govukpay_whsec_sandbox_local_only");

        assertThat(EnvironmentGuard.problems(environment("live", settings))).contains(
                "esim.catalog.govukpay.api-key holds a published sandbox secret",
                "esim.ingress.govukpay.webhook-secrets holds a published sandbox secret");
    }

    @Test
    void liveWithProductionSettingsStarts() {
        assertThat(EnvironmentGuard.problems(environment("live", PRODUCTION))).isEmpty();
    }

    @Test
    void aPlaceholderNamingNothingIsReportedForACheckedSettingAndIgnoredElsewhere() {
        Map<String, Object> settings = new java.util.HashMap<>(PRODUCTION);
        settings.put("esim.catalog.stripe.api-base", "${STRIPE_HOST_NOT_SET}/v1");
        settings.put("SOME_SHELL_VARIABLE", "echo ${not_ours}");

        assertThat(EnvironmentGuard.problems(environment("live", settings))).containsExactly(
                "esim.catalog.stripe.api-base refers to a placeholder that is not set");
    }

    @Test
    void sandboxModeAcceptsTheLaptopSettings() {
        StandardEnvironment sandbox = environment("sandbox", LAPTOP);

        new EnvironmentGuard().postProcessEnvironment(sandbox, new SpringApplication());
    }

    @Test
    void secretsMustBelongToTheModeTheyAreUsedIn() {
        Map<String, Object> sandbox = new java.util.HashMap<>(LAPTOP);
        sandbox.put("esim.catalog.stripe.api-key", "sk_live_abc");
        sandbox.put("esim.ingress.providers.simology.secrets", "simsec_sandbox_local_only,simsec_live_new");
        sandbox.put("STRIPE_WEBHOOK_SECRETS", "whsec_sandbox_local_only_do_not_use_in_production");

        assertThat(EnvironmentGuard.problems(environment("sandbox", sandbox))).containsExactlyInAnyOrder(
                "esim.catalog.stripe.api-key holds a live secret (sandbox and live secrets never mix)",
                "esim.ingress.providers.simology.secrets holds a live secret (sandbox and live secrets never mix)");

        Map<String, Object> live = new java.util.HashMap<>(PRODUCTION);
        live.put("esim.catalog.stripe.api-key", "sk_test_51abc");
        live.put("esim.catalog.provider.api-key", "sk_live_provider");
        live.put("esim.crypto.pii-keyset", "{\"primaryKeyId\": 1, \"note\": \"not a _test_ of names\"}");

        assertThat(EnvironmentGuard.problems(environment("live", live))).containsExactly(
                "esim.catalog.stripe.api-key holds a sandbox or test secret (sandbox and live secrets never mix)");
    }

    @Test
    void anUnknownEnvironmentIsRefused() {
        assertThatThrownBy(() -> new EnvironmentGuard().postProcessEnvironment(environment("staging", PRODUCTION),
                new SpringApplication()))
                .isInstanceOf(EnvironmentRefusedException.class)
                .hasMessageContaining("esim.environment must be sandbox or live");
    }

    @Test
    void aLiveServiceWithLaptopSettingsFailsWithBootsShortReportAndNoStackTrace(CapturedOutput output) {
        SpringApplication application = new SpringApplication(Minimal.class);
        application.setWebApplicationType(WebApplicationType.NONE);

        assertThatThrownBy(() -> application.run("--esim.environment=live",
                "--esim.notification.order-status-base-url=http://localhost:8082/v1/orders/",
                "--spring.datasource.url=jdbc:postgresql://db.internal/notification",
                "--spring.datasource.username=esim", "--spring.datasource.password=esim"))
                .isInstanceOf(EnvironmentRefusedException.class);

        assertThat(output).contains("APPLICATION FAILED TO START",
                "esim.notification.order-status-base-url must be an https:// URL",
                "esim.notification.order-status-base-url points at this machine",
                "spring.datasource.username/password are the local stack's defaults", "Action:");
        assertThat(output).doesNotContain("\tat dev.esim", "password=esim");
    }

    private static StandardEnvironment environment(String mode, Map<String, Object> settings) {
        Map<String, Object> all = new HashMap<>(settings);
        all.put("esim.environment", mode);
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", all));
        return environment;
    }

    @SpringBootConfiguration
    static class Minimal {
    }
}
