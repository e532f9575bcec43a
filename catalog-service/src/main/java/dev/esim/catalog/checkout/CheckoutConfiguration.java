package dev.esim.catalog.checkout;

import dev.esim.catalog.CatalogProperties;
import dev.esim.catalog.idempotency.Idempotency;
import dev.esim.catalog.orders.EmailHashes;
import dev.esim.catalog.orders.Orders;
import dev.esim.catalog.outbox.FieldSealer;
import dev.esim.catalog.outbox.Outbox;
import dev.esim.catalog.plans.PlanCatalog;
import dev.esim.events.OrderTokens;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/** Checkout sessions and top-ups. */
@Configuration(proxyBeanMethods = false)
class CheckoutConfiguration {

    @Bean
    Checkout checkout(PlanCatalog catalog, TopUpTargets topUpTargets, CheckoutGateway gateway, Orders orders,
                      Outbox outbox, FieldSealer sealer, TransactionTemplate tx, Clock clock,
                      CatalogProperties properties, OrderTokens tokens, EmailHashes emailHashes) {
        CatalogProperties.Checkout c = properties.catalog().checkout();
        return new Checkout(catalog, topUpTargets, new GatewayChoice(gateway, c.defaultGateway(),
                c.gatewayByCountry()), orders, outbox, sealer, tx, clock, c.sessionLifetime(), tokens, emailHashes);
    }

    @Bean
    CheckoutController checkoutController(Checkout checkout, Idempotency idempotency, CatalogProperties properties) {
        return new CheckoutController(checkout, idempotency, properties.catalog().checkout().maxQuantity());
    }
}
