package dev.esim.sandbox.provider;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of one eSIM provider simulator: the primary under {@code sandbox.provider.*}, the provider the platform
 * fails over to under {@code sandbox.failover-provider.*}. Every default is the primary's and works in the local stack.
 *
 * @param name                   the provider's name: its API is served under {@code /provider/<name>}, its admin API
 *                               under {@code /provider/admin/<name>}
 * @param iccidPrefix            the issuer part of its ICCIDs (7 digits), so two simulators never issue the same ICCID
 * @param apiKey                 the only bearer key the simulated API accepts; {@code sk_live_…} refuses to start
 * @param activationMode         {@code sync}: the order response carries the line; {@code async}: 202, then a webhook
 * @param activationModeBySku    per-SKU override of {@code activationMode}, e.g. {@code [JP-3GB-15D]=async}
 * @param asyncActivationDelay   how long an async order stays {@code processing} before its line is issued
 * @param callbackUrl            where webhooks go (payment-ingress in the local stack)
 * @param webhookSecret          HMAC secret of {@code Simology-Signature}; a fixed, documented sandbox value
 * @param webhook                delivery retries while the receiver answers non-2xx
 * @param rateLimitPerSecond     admitted requests per sliding second before 429; 0 disables the limit
 * @param initialBalance         prepaid balance (USD) after start and after every reset
 * @param lowBalanceThreshold    reported by {@code GET /v1/balance}
 * @param eurToUsd               fixed rate used to charge EUR-priced plans against the USD balance
 * @param smdpHost               SM-DP+ host in the LPA string
 * @param publicBaseUrl          base of {@code qr_url}
 * @param autoInstallAfter       a line counts as installed this long after issue (0 = only via the admin API)
 * @param usageMbPerHour         data an installed line uses per hour of simulator time
 */
@ConfigurationProperties("sandbox.provider")
public record ProviderProperties(
        @DefaultValue("simology") String name,
        @DefaultValue("8988307") String iccidPrefix,
        @DefaultValue("sk_sandbox_simology_local") String apiKey,
        @DefaultValue("sync") ActivationMode activationMode,
        Map<String, ActivationMode> activationModeBySku,
        @DefaultValue("500ms") Duration asyncActivationDelay,
        @DefaultValue("http://localhost:8080/webhooks/providers/simology") URI callbackUrl,
        @DefaultValue("simsec_sandbox_local_only") String webhookSecret,
        @DefaultValue Webhook webhook,
        @DefaultValue("10") int rateLimitPerSecond,
        @DefaultValue("1000.00") BigDecimal initialBalance,
        @DefaultValue("100.00") BigDecimal lowBalanceThreshold,
        @DefaultValue("1.08") BigDecimal eurToUsd,
        @DefaultValue("sm-dp-plus.simology.net") String smdpHost,
        @DefaultValue("http://localhost:8090/provider/simology") String publicBaseUrl,
        @DefaultValue("5m") Duration autoInstallAfter,
        @DefaultValue("40") long usageMbPerHour) {

    public ProviderProperties {
        if (name == null || !name.matches("[a-z][a-z0-9-]{1,30}")) {
            throw new IllegalArgumentException("sandbox provider name must be lower-case letters, digits and dashes");
        }
        if (iccidPrefix == null || !iccidPrefix.matches("89[0-9]{5}")) {
            // 89 is the telecom industry identifier every ICCID starts with; 7 digits leave an 11-digit serial
            throw new IllegalArgumentException("sandbox provider iccid-prefix must be 7 digits starting with 89");
        }
        if (apiKey == null || apiKey.isBlank() || apiKey.startsWith("sk_live_")) {
            // sandbox and live keys never mix: a live key here is a misconfiguration, not something to serve
            throw new IllegalArgumentException("sandbox.provider.api-key must be a sandbox key (sk_live_… is refused)");
        }
        if (webhookSecret == null || webhookSecret.isBlank()) {
            throw new IllegalArgumentException("sandbox.provider.webhook-secret must not be blank");
        }
        if (rateLimitPerSecond < 0) {
            throw new IllegalArgumentException("sandbox.provider.rate-limit-per-second must be >= 0");
        }
        Map<String, ActivationMode> bySku = new TreeMap<>();
        if (activationModeBySku != null) {
            // property keys may arrive lower-cased by relaxed binding; SKUs are upper-case
            activationModeBySku.forEach((sku, mode) -> bySku.put(sku.toUpperCase(Locale.ROOT), mode));
        }
        activationModeBySku = Map.copyOf(bySku);
        if (webhook == null) {
            webhook = new Webhook(Duration.ofMillis(500), Duration.ofSeconds(30), 10, Duration.ofSeconds(5));
        }
    }

    /**
     * Back-off of webhook deliveries. The real provider waits minutes to hours; locally seconds keep tests fast.
     *
     * @param initialBackoff first wait after a non-2xx answer; doubles each attempt
     * @param maxBackoff     cap of the wait
     * @param maxAttempts    attempts per delivery before giving up
     * @param requestTimeout how long one delivery waits for the receiver's answer
     */
    public record Webhook(
            @DefaultValue("500ms") Duration initialBackoff,
            @DefaultValue("30s") Duration maxBackoff,
            @DefaultValue("10") int maxAttempts,
            @DefaultValue("5s") Duration requestTimeout) {}
}
