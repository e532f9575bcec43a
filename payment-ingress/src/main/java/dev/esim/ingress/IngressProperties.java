package dev.esim.ingress;

import dev.esim.ingress.provider.ProviderScheme;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Everything payment-ingress reads from configuration (documented in README.md). Bound at {@code esim} because the
 * environment and keysets are the platform-wide keys of docs/conventions.md; the service's own keys are under
 * {@code esim.ingress}. Secrets are redacted from {@link #toString()}.
 *
 * @param environment {@code sandbox} or {@code live}; sandbox and live secrets never mix
 * @param crypto      Tink keysets (JSON); empty = the shipped sandbox keysets, refused in live
 * @param ingress     the service's own settings
 */
@Validated
@ConfigurationProperties("esim")
public record IngressProperties(
        @DefaultValue("sandbox") @NotNull @Pattern(regexp = "sandbox|live") String environment,
        @DefaultValue @Valid @NotNull Crypto crypto,
        @DefaultValue @Valid @NotNull Ingress ingress) {

    /**
     * GOV.UK Pay's messages do not carry their mode, so {@code livemode} comes from configuration; a live flag in the
     * sandbox (or a test one in live) would publish payments every consumer refuses or, worse, trusts.
     */
    public IngressProperties {
        if (ingress != null && ingress.govukpay() != null && ingress.govukpay().live() != "live".equals(environment)) {
            throw new IllegalArgumentException("esim.ingress.govukpay.live (GOVUKPAY_LIVE) must be "
                    + "live".equals(environment) + " when esim.environment is " + environment
                    + " (sandbox and live never mix)");
        }
    }

    public record Crypto(@DefaultValue("") String piiKeyset, @DefaultValue("") String activationKeyset) {
        @Override
        public String toString() {
            return "Crypto[<redacted>]";
        }
    }

    /**
     * @param maxBodySize        larger bodies get 413 before they are read whole
     * @param publishTimeout     the longest we wait for Kafka's acknowledgement before answering 503; must keep the
     *                           whole answer well within the gateways' 5 s
     * @param kafkaHealthTimeout the readiness check's describeCluster timeout
     * @param rememberPublished  a repeated delivery of an event published within this long is answered without
     *                           publishing it again; zero publishes every delivery
     * @param stripe             the Stripe endpoint
     * @param govukpay           the GOV.UK Pay endpoint
     * @param providers          eSIM providers by path name ({@code /webhooks/providers/{name}})
     */
    public record Ingress(
            @DefaultValue("256KB") @NotNull DataSize maxBodySize,
            @DefaultValue("3s") @NotNull Duration publishTimeout,
            @DefaultValue("1s") @NotNull Duration kafkaHealthTimeout,
            @DefaultValue("10m") @NotNull Duration rememberPublished,
            @DefaultValue @Valid @NotNull Stripe stripe,
            @DefaultValue @Valid @NotNull Govukpay govukpay,
            @Valid Map<String, Provider> providers) {

        public Ingress {
            providers = providers == null ? Map.of() : Map.copyOf(providers);
        }
    }

    /**
     * @param webhookSecrets every valid endpoint signing secret (comma-separated in {@code STRIPE_WEBHOOK_SECRETS});
     *                       two during a rotation
     * @param tolerance      the oldest signature timestamp accepted
     * @param apiKey         a restricted key that may read PaymentIntents: a dispute names only the payment, whose
     *                       {@code metadata.order_id} names our order
     * @param apiBase        Stripe's API (the sandbox gateway locally)
     * @param apiTimeout     connect and read timeout of that one call
     */
    public record Stripe(
            @DefaultValue("whsec_sandbox_local_only_do_not_use_in_production") @NotEmpty List<String> webhookSecrets,
            @DefaultValue("300s") @NotNull Duration tolerance,
            @DefaultValue("sk_test_sandbox_local") @NotBlank String apiKey,
            @DefaultValue("https://api.stripe.com") @NotBlank String apiBase,
            @DefaultValue("2s") @NotNull Duration apiTimeout) {
        @Override
        public String toString() {
            return "Stripe[webhookSecrets=<" + webhookSecrets.size() + " redacted>, tolerance=" + tolerance
                    + ", apiKey=<redacted>, apiBase=" + apiBase + ", apiTimeout=" + apiTimeout + "]";
        }
    }

    /**
     * @param webhookSecrets every valid webhook signing secret (comma-separated in {@code GOVUKPAY_WEBHOOK_SECRETS});
     *                       two during a rotation
     * @param apiKey         an API key of the same GOV.UK Pay account: a refund message names only the payment, whose
     *                       {@code reference} is our order id
     * @param apiBase        GOV.UK Pay's public API (the sandbox gateway locally)
     * @param apiTimeout     connect and read timeout of that one call
     * @param live           whether the GOV.UK Pay account is live, which its messages do not say: published as
     *                       {@code livemode}, and must agree with {@code esim.environment}
     */
    public record Govukpay(
            @DefaultValue("govukpay_whsec_sandbox_local_only") @NotEmpty List<String> webhookSecrets,
            @DefaultValue("api_test_sandbox_govukpay_local") @NotBlank String apiKey,
            @DefaultValue("https://publicapi.payments.service.gov.uk") @NotBlank String apiBase,
            @DefaultValue("2s") @NotNull Duration apiTimeout,
            @DefaultValue("false") boolean live) {
        @Override
        public String toString() {
            return "Govukpay[webhookSecrets=<" + webhookSecrets.size() + " redacted>, apiKey=<redacted>, apiBase="
                    + apiBase + ", apiTimeout=" + apiTimeout + ", live=" + live + "]";
        }
    }

    /**
     * @param scheme    the provider's signing/payload scheme
     * @param secrets   every valid signing secret (eSIM Go: the API key it signs with)
     * @param tolerance allowed clock skew of signed timestamps
     */
    public record Provider(
            @NotNull ProviderScheme scheme,
            @NotEmpty List<String> secrets,
            @DefaultValue("5m") @NotNull Duration tolerance) {
        @Override
        public String toString() {
            return "Provider[scheme=" + scheme + ", secrets=<redacted>, tolerance=" + tolerance + "]";
        }
    }

    public boolean live() {
        return "live".equals(environment);
    }
}
