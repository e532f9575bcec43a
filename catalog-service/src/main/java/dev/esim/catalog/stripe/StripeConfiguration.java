package dev.esim.catalog.stripe;

import com.stripe.StripeClient;
import dev.esim.catalog.CatalogProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The payment gateway: Stripe, or the sandbox gateway's Stripe-shaped API (same client, other API base). */
@Configuration(proxyBeanMethods = false)
public class StripeConfiguration {

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
}
