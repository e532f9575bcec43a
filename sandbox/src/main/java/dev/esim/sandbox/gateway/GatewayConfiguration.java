package dev.esim.sandbox.gateway;

import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the Stripe-shaped gateway: {@code /stripe/v1/**} API, {@code /pay/{id}} checkout page, webhook sender. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayProperties.class)
public class GatewayConfiguration {

    @Bean(destroyMethod = "close")
    WebhookDispatcher gatewayWebhookDispatcher(GatewayProperties properties) {
        return new WebhookDispatcher(properties);
    }

    @Bean
    Ledger gatewayLedger(WebhookDispatcher dispatcher, GatewayProperties properties) {
        Ledger ledger = new Ledger(Clock.systemUTC(), dispatcher, properties.asyncDelay());
        // Stripe expires abandoned sessions at expires_at and says so with checkout.session.expired
        dispatcher.every(Duration.ofSeconds(30), ledger::expireOverdue);
        return ledger;
    }

    @Bean
    IdempotencyStore gatewayIdempotencyStore() {
        return new IdempotencyStore(Clock.systemUTC());
    }

    @Bean
    ApiKeyFilter gatewayApiKeyFilter() {
        return new ApiKeyFilter();
    }
}
