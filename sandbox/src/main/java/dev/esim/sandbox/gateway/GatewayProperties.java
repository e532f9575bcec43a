package dev.esim.sandbox.gateway;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code sandbox.gateway.*}. Every default works in the local stack; each key can be set by environment, e.g.
 * {@code SANDBOX_GATEWAY_WEBHOOK_SECRET}.
 *
 * @param publicBaseUrl where a browser reaches this sandbox; the checkout {@code url} is {@code <this>/pay/<id>}.
 *     Blank means "the scheme, host and port the API call came in on" — {@code http://localhost:8090} locally.
 * @param webhookUrl where signed events are posted (payment-ingress); blank disables delivery (events stay pending)
 * @param webhookSecret the {@code whsec_…} the events are signed with; a fixed, documented sandbox value
 * @param asyncDelay how long "Pay later" takes to settle into {@code checkout.session.async_payment_*}
 * @param retry webhook redelivery while the receiver answers non-2xx or cannot be reached
 */
@ConfigurationProperties("sandbox.gateway")
record GatewayProperties(
        String publicBaseUrl,
        String webhookUrl,
        String webhookSecret,
        Duration asyncDelay,
        Retry retry) {

    static final String SANDBOX_WEBHOOK_SECRET = "whsec_sandbox_local_only_do_not_use_in_production";

    GatewayProperties {
        publicBaseUrl = publicBaseUrl == null ? "" : publicBaseUrl.strip();
        webhookUrl = webhookUrl == null ? "http://localhost:8080/webhooks/stripe" : webhookUrl.strip();
        webhookSecret = webhookSecret == null || webhookSecret.isBlank() ? SANDBOX_WEBHOOK_SECRET : webhookSecret;
        asyncDelay = asyncDelay == null ? Duration.ofSeconds(5) : asyncDelay;
        retry = retry == null ? new Retry(null, null, null, null) : retry;
        if (!webhookSecret.startsWith("whsec_")) {
            throw new IllegalArgumentException("sandbox.gateway.webhook-secret must start with whsec_");
        }
    }

    /**
     * @param maxAttempts deliveries tried per event before it is left undelivered (then only reconciliation finds it)
     * @param initialBackoff wait before the 2nd attempt; doubles per attempt up to {@code maxBackoff}
     * @param timeout per attempt; Stripe gives receivers a few seconds too
     */
    record Retry(Integer maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration timeout) {

        Retry {
            maxAttempts = maxAttempts == null ? 10 : maxAttempts;
            initialBackoff = initialBackoff == null ? Duration.ofSeconds(1) : initialBackoff;
            maxBackoff = maxBackoff == null ? Duration.ofMinutes(1) : maxBackoff;
            timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
        }

        Duration backoffBefore(int attempt) {
            // attempt 2 waits initialBackoff, attempt 3 twice that, …
            long factor = 1L << Math.min(20, Math.max(0, attempt - 2));
            Duration d = initialBackoff.multipliedBy(factor);
            return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
        }
    }
}
