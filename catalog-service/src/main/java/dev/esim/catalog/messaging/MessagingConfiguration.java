package dev.esim.catalog.messaging;

import dev.esim.catalog.CatalogProperties;
import dev.esim.catalog.orders.Orders;
import dev.esim.catalog.plans.CatalogSync;
import dev.esim.catalog.refunds.DisputeDesk;
import dev.esim.events.crypto.FieldDecryptionException;
import dev.esim.events.kafka.DeadLetters;
import java.util.HashMap;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Kafka in: the status listener and its error policy. Client settings (deserializers, isolation) are in
 * application.yml.
 */
@Configuration(proxyBeanMethods = false)
public class MessagingConfiguration {

    @Bean
    OrderStatusListener orderStatusListener(Orders orders, CatalogSync catalogSync, DisputeDesk disputes,
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
}
