package dev.esim.catalog.orders;

import dev.esim.catalog.CatalogProperties;
import dev.esim.catalog.outbox.Outbox;
import dev.esim.catalog.plans.CatalogSync;
import dev.esim.events.OrderTokens;
import dev.esim.events.crypto.FieldDecryptionException;
import dev.esim.events.kafka.DeadLetters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Orders: storage, the status projection and its Kafka listener (with the service's one listener error policy),
 * expiry, HTTP. Client settings (deserializers, {@code read_committed}) are in application.yml.
 */
@Configuration(proxyBeanMethods = false)
class OrdersConfiguration {

    @Bean
    Orders orders(JdbcClient jdbc, JsonMapper json, TransactionTemplate tx, Clock clock, MeterRegistry meters) {
        Counter paid = Counter.builder("esim.orders.paid")
                .description("Orders whose payment was taken, once each: the funnel's 'paid' step over time")
                .register(meters);
        return new Orders(jdbc, json, tx, clock, new Orders.Events() {
            @Override
            public void placed(String kind) {
                Counter.builder("esim.orders.placed")
                        .description("Orders placed at checkout, once each: the funnel's first step over time")
                        .tag("kind", kind.toLowerCase(Locale.ROOT)).register(meters).increment();
            }

            @Override
            public void recorded(OrderFact.Kind kind) {
                Counter.builder("esim.orders.facts")
                        .description("Facts recorded about our orders, once per event (a payment is often reported"
                                + " by two gateway events; declines, mismatches, lines ready, refunds)")
                        .tag("fact", kind.name().toLowerCase(Locale.ROOT)).register(meters).increment();
            }

            @Override
            public void paymentTaken() {
                paid.increment();
            }
        });
    }

    @Bean
    OrderFunnel orderFunnel(JdbcClient jdbc, MeterRegistry meters) {
        return OrderFunnel.register(jdbc, meters, Duration.ofSeconds(10));
    }

    @Bean
    OrderExpiry orderExpiry(Orders orders, SessionExpirer gateway, Outbox outbox, TransactionTemplate tx,
                            Clock clock) {
        return new OrderExpiry(orders, gateway, outbox, tx, clock);
    }

    @Bean
    OrderTokens orderTokens(CatalogProperties properties) {
        return new OrderTokens(properties.catalog().orderLinks().secret());
    }

    @Bean
    OrdersController ordersController(Orders orders, OrderTokens tokens) {
        return new OrdersController(orders, tokens);
    }

    @Bean
    OrderPageController orderPageController(Orders orders, OrderTokens tokens) {
        return new OrderPageController(orders, tokens);
    }

    @Bean
    OrderStatusListener orderStatusListener(Orders orders, CatalogSync catalogSync, Disputes disputes,
                                            TransactionTemplate tx) {
        return new OrderStatusListener(orders, catalogSync, disputes, tx);
    }

    /**
     * The one error policy: bounded exponential back-off for technical faults (database down), then the record goes
     * to {@code <topic>-dlt}; records that can never succeed (undecodable, not ours) go there at once.
     */
    @Bean
    DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<Object, Object> template,
                                          ProducerFactory<Object, Object> producerFactory,
                                          CatalogProperties properties) {
        // a record that failed deserialization is dead-lettered as its original bytes
        KafkaTemplate<String, byte[]> raw = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                new HashMap<>(producerFactory.getConfigurationProperties()), new StringSerializer(),
                new ByteArraySerializer()));
        return DeadLetters.errorHandler(DeadLetters.recoverer(template, raw),
                properties.catalog().consumer().backOff(),
                List.of(IllegalArgumentException.class, FieldDecryptionException.class));
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
