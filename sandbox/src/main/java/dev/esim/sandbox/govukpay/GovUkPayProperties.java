package dev.esim.sandbox.govukpay;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sandbox.govukpay.*}: the GOV.UK Pay stand-in. Every default works in the local stack; each key can be set by
 * environment, e.g. {@code SANDBOX_GOVUKPAY_WEBHOOK_URL}.
 *
 * @param apiKey               the only bearer key the API accepts; an {@code api_live_…} key refuses to start, so a
 *                             live key configured by mistake fails here rather than appearing to work
 * @param publicBaseUrl        where a browser reaches this sandbox: {@code next_url} is
 *                             {@code <this>/govukpay/pay/<payment id>}. Blank means the scheme, host and port the API
 *                             call came in on; application.yml defaults it to the Stripe stand-in's setting, since both
 *                             are served by the same process
 * @param webhookUrl           where signed messages are posted (payment-ingress); blank keeps them undelivered
 * @param webhookSigningSecret the key of the {@code Pay-Signature} HMAC; a fixed, documented sandbox value
 * @param refundDelay          how long a refund stays {@code submitted} before it succeeds
 * @param rateLimitPerSecond   POST requests per key and sliding second before 429 {@code P0900}; 0 turns it off
 * @param retry                webhook redelivery while the receiver answers non-2xx or not at all
 */
@ConfigurationProperties("sandbox.govukpay")
record GovUkPayProperties(
        @DefaultValue("api_test_sandbox_govukpay_local") String apiKey,
        String publicBaseUrl,
        @DefaultValue("http://localhost:8080/webhooks/govukpay") String webhookUrl,
        @DefaultValue("govukpay_whsec_sandbox_local_only") String webhookSigningSecret,
        @DefaultValue("1s") Duration refundDelay,
        @DefaultValue("15") int rateLimitPerSecond,
        @DefaultValue Retry retry) {

    GovUkPayProperties {
        if (apiKey == null || apiKey.isBlank() || apiKey.startsWith("api_live_")) {
            throw new IllegalArgumentException("sandbox.govukpay.api-key must be a test key (api_live_… is refused)");
        }
        if (webhookSigningSecret == null || webhookSigningSecret.isBlank()) {
            throw new IllegalArgumentException("sandbox.govukpay.webhook-signing-secret must not be blank");
        }
        if (rateLimitPerSecond < 0) {
            throw new IllegalArgumentException("sandbox.govukpay.rate-limit-per-second must be >= 0");
        }
        publicBaseUrl = publicBaseUrl == null ? "" : publicBaseUrl.strip().replaceAll("/+$", "");
        webhookUrl = webhookUrl == null ? "" : webhookUrl.strip();
        refundDelay = refundDelay == null ? Duration.ofSeconds(1) : refundDelay;
        retry = retry == null ? new Retry(10, Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(15))
                : retry;
    }

    /**
     * The same shape as the Stripe stand-in's redelivery. GOV.UK Pay says only that it retries "several times" and
     * gives a receiver 15 seconds to answer; locally seconds between attempts keep tests fast.
     *
     * @param maxAttempts    deliveries tried per message before it is left undelivered
     * @param initialBackoff wait before the 2nd attempt; doubles per attempt up to {@code maxBackoff}
     * @param maxBackoff     cap of the wait
     * @param timeout        how long one attempt waits for the receiver's answer
     */
    record Retry(
            @DefaultValue("10") int maxAttempts,
            @DefaultValue("1s") Duration initialBackoff,
            @DefaultValue("1m") Duration maxBackoff,
            @DefaultValue("15s") Duration timeout) {

        Duration backoffBefore(int attempt) {
            // attempt 2 waits initialBackoff, attempt 3 twice that, …
            long factor = 1L << Math.min(20, Math.max(0, attempt - 2));
            Duration wait = initialBackoff.multipliedBy(factor);
            return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
        }
    }
}
