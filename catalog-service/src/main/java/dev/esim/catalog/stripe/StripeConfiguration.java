package dev.esim.catalog.stripe;

import com.stripe.StripeClient;
import dev.esim.catalog.CatalogProperties;
import dev.esim.catalog.reconciliation.ReconciledGateway;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The payment gateway: Stripe, or the sandbox gateway's Stripe-shaped API (same client, other API base). */
@Configuration(proxyBeanMethods = false)
class StripeConfiguration {

    /** Pages of 100 events per listing: bounds one reconciliation run's work when many events are undelivered. */
    private static final int MAX_EVENT_PAGES = 20;

    @Bean
    StripeGateway stripeGateway(CatalogProperties properties) {
        CatalogProperties.Stripe s = properties.catalog().stripe();
        return new StripeGateway(client(s, s.timeout()));
    }

    /**
     * What reconciliation reads of Stripe (events, a session), through a client of its own with the reconciliation's
     * timeout (a run may page through many events, a checkout must not wait that long), and how it re-delivers:
     * to payment-ingress's Stripe endpoint, signed with the first of the Stripe webhook secrets.
     */
    @Bean
    ReconciledGateway stripeReconciliation(CatalogProperties properties, JsonMapper json) {
        CatalogProperties.Reconciliation r = properties.catalog().reconciliation();
        String secret = r.signingSecret();
        return new ReconciledGateway(StripeGateway.NAME,
                new StripeEventsGateway(client(properties.catalog().stripe(), r.timeout()), json, MAX_EVENT_PAGES,
                        r.eventTypes()),
                r.webhookUrl(),
                (body, now) -> Map.of("Stripe-Signature", StripeWebhookSignature.header(body, secret, now)));
    }

    /** A client of its own for our API base (the sandbox gateway locally): no global Stripe state is touched. */
    private static StripeClient client(CatalogProperties.Stripe s, java.time.Duration timeout) {
        int millis = (int) timeout.toMillis();
        return StripeClient.builder()
                .setApiKey(s.apiKey())
                .setApiBase(s.apiBase().replaceAll("/+$", ""))
                .setMaxNetworkRetries(s.maxNetworkRetries())
                .setConnectTimeout(millis)
                .setReadTimeout(millis)
                .build();
    }
}
