package dev.esim.notification.order;

import java.time.Clock;

import dev.esim.notification.secret.Unsealer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@link OrderBook} on PostgreSQL, and the listener that fills it from {@code esim.orders.v1}. */
@Configuration(proxyBeanMethods = false)
class OrderConfiguration {

    @Bean
    OrderBook orderBook(JdbcClient jdbc) {
        return new JdbcOrderBook(jdbc);
    }

    @Bean
    OrderEventsListener orderEventsListener(OrderBook orders, Unsealer unsealer, ActivationEmailResends resends,
            Clock clock) {
        return new OrderEventsListener(orders, unsealer, resends, clock);
    }
}
