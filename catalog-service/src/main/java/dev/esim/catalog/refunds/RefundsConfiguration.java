package dev.esim.catalog.refunds;

import dev.esim.catalog.CatalogProperties;
import dev.esim.catalog.orders.Orders;
import dev.esim.catalog.web.Idempotency;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Support-initiated refunds. */
@Configuration(proxyBeanMethods = false)
public class RefundsConfiguration {

    @Bean
    Refunds refunds(Orders orders, RefundGateway gateway, JdbcClient jdbc, Clock clock) {
        return new Refunds(orders, gateway, jdbc, clock);
    }

    @Bean
    RefundsController refundsController(Refunds refunds, Idempotency idempotency, CatalogProperties properties) {
        return new RefundsController(refunds, idempotency, properties.catalog().support().apiToken());
    }
}
