package dev.esim.sandbox.gateway;

import dev.esim.sandbox.state.StateDirectory;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the Stripe-shaped gateway: {@code /stripe/v1/**} API, {@code /pay/{id}} checkout page, webhook sender. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayProperties.class)
public class GatewayConfiguration {

    /** {@code <sandbox.state-dir>/gateway.jsonl}, or none without a state directory. */
    @Bean
    GatewayJournal gatewayJournal(StateDirectory state) {
        return new GatewayJournal(state.journal("gateway"));
    }

    @Bean(destroyMethod = "close")
    WebhookDispatcher gatewayWebhookDispatcher(GatewayProperties properties, GatewayJournal journal) {
        return new WebhookDispatcher(properties, journal);
    }

    @Bean
    Ledger gatewayLedger(WebhookDispatcher dispatcher, GatewayProperties properties, GatewayJournal journal) {
        Ledger ledger = new Ledger(Clock.systemUTC(), dispatcher, properties.asyncDelay(), journal);
        // Stripe expires abandoned sessions at expires_at and says so with checkout.session.expired
        dispatcher.every(Duration.ofSeconds(30), ledger::expireOverdue);
        return ledger;
    }

    @Bean
    IdempotencyStore gatewayIdempotencyStore(GatewayJournal journal) {
        return new IdempotencyStore(Clock.systemUTC(), journal);
    }

    @Bean
    ApiKeyFilter gatewayApiKeyFilter() {
        return new ApiKeyFilter();
    }
}
