package dev.esim.catalog.stripe;

import com.stripe.StripeClient;
import dev.esim.catalog.CatalogProperties;
import dev.esim.catalog.reconciliation.PaymentGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The payment gateway: Stripe, or the sandbox gateway's Stripe-shaped API (same client, other API base). */
@Configuration(proxyBeanMethods = false)
public class StripeConfiguration {

    /** Pages of 100 events per listing: bounds one reconciliation run's work when many events are undelivered. */
    private static final int MAX_EVENT_PAGES = 20;

    @Bean
    StripeGateway stripeGateway(CatalogProperties properties) {
        CatalogProperties.Stripe s = properties.catalog().stripe();
        int timeout = (int) s.timeout().toMillis();
        StripeClient client = StripeClient.builder()
                .setApiKey(s.apiKey())
                .setApiBase(s.apiBase().replaceAll("/+$", ""))
                .setMaxNetworkRetries(s.maxNetworkRetries())
                .setConnectTimeout(timeout)
                .setReadTimeout(timeout)
                .build();
        return new StripeGateway(client);
    }

    /**
     * What reconciliation reads of Stripe (events, a session), through a client of its own with the reconciliation's
     * timeout: a run may page through many events, a checkout must not wait that long.
     */
    @Bean
    PaymentGateway reconciliationGateway(CatalogProperties properties, JsonMapper json) {
        CatalogProperties.Stripe s = properties.catalog().stripe();
        int timeout = (int) properties.catalog().reconciliation().timeout().toMillis();
        StripeClient client = StripeClient.builder()
                .setApiKey(s.apiKey())
                .setApiBase(s.apiBase().replaceAll("/+$", ""))
                .setMaxNetworkRetries(s.maxNetworkRetries())
                .setConnectTimeout(timeout)
                .setReadTimeout(timeout)
                .build();
        return new StripeEventsGateway(client, json, MAX_EVENT_PAGES);
    }
}
