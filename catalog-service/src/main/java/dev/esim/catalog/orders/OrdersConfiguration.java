package dev.esim.catalog.orders;

import dev.esim.catalog.outbox.Outbox;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Orders: storage, status projection, expiry, HTTP. */
@Configuration(proxyBeanMethods = false)
public class OrdersConfiguration {

    @Bean
    Orders orders(JdbcClient jdbc, JsonMapper json, TransactionTemplate tx, Clock clock) {
        return new Orders(jdbc, json, tx, clock);
    }

    @Bean
    OrderExpiry orderExpiry(Orders orders, SessionExpirer gateway, Outbox outbox, TransactionTemplate tx,
                            Clock clock) {
        return new OrderExpiry(orders, gateway, outbox, tx, clock);
    }

    @Bean
    OrdersController ordersController(Orders orders) {
        return new OrdersController(orders);
    }

    @Bean
    ExpirySchedule expirySchedule(OrderExpiry expiry) {
        return new ExpirySchedule(expiry);
    }

    static final class ExpirySchedule {

        private final OrderExpiry expiry;

        ExpirySchedule(OrderExpiry expiry) {
            this.expiry = expiry;
        }

        @Scheduled(initialDelayString = "${esim.catalog.checkout.expiry-interval:1m}",
                fixedDelayString = "${esim.catalog.checkout.expiry-interval:1m}")
        void run() {
            expiry.expireDue();
        }
    }
}
