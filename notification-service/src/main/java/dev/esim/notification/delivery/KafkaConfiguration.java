package dev.esim.notification.delivery;

import dev.esim.events.Topics;
import dev.esim.events.avro.NotificationEvent;
import dev.esim.events.crypto.FieldDecryptionException;
import dev.esim.events.kafka.DeadLetters;
import dev.esim.events.serde.ConfluentAvroSerializer;
import dev.esim.notification.NotificationProperties;
import dev.esim.notification.order.OrderBook;
import dev.esim.notification.secret.Unsealer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;

/**
 * The Kafka edge of the deliveries: listeners for activations, payments and provider alerts; the
 * {@code esim.notifications.v1} publisher and the topics this service owns; and the one error policy of every
 * listener of this service (the orders listener's too).
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    @Bean
    ActivationEventsListener activationEventsListener(Intake intake, OrderBook orders) {
        return new ActivationEventsListener(intake, orders);
    }

    @Bean
    ProviderEventsListener providerEventsListener(Intake intake, OrderBook orders) {
        return new ProviderEventsListener(new LineAlerts(orders), intake);
    }

    @Bean
    PaymentEventsListener paymentEventsListener(Intake intake) {
        return new PaymentEventsListener(intake);
    }

    @Bean
    NotificationEvents notificationEvents(ProducerFactory<?, ?> producerFactory) {
        @SuppressWarnings("unchecked")
        ProducerFactory<String, NotificationEvent> typed = (ProducerFactory<String, NotificationEvent>) producerFactory;
        return new KafkaNotificationEvents(new KafkaTemplate<>(typed));
    }

    @Bean
    NewTopic notificationsTopic() {
        return Topics.NOTIFICATIONS.newTopic();
    }

    @Bean
    NewTopic notificationsDeadLetterTopic() {
        return Topics.NOTIFICATIONS.newDeadLetterTopic();
    }

    /**
     * Bounded exponential back-off — long enough for an {@code OrderPlaced} still in flight on the orders topic to
     * be read — then the record goes to {@code <topic>-dlt}. Records that can never succeed (undecryptable, not an
     * LPA string, undeserializable) go there at once.
     */
    @Bean
    CommonErrorHandler kafkaErrorHandler(ProducerFactory<?, ?> producerFactory, NotificationProperties properties) {
        // one producer writes both: its serializer takes raw bytes (undeserializable records) and Avro objects
        KafkaTemplate<Object, Object> deadLetters = deadLetterTemplate(producerFactory);
        return DeadLetters.errorHandler(DeadLetters.recoverer(deadLetters, deadLetters),
                properties.consumer().backOff(),
                List.of(Unsealer.UnsealException.class, FieldDecryptionException.class,
                        IllegalArgumentException.class));
    }

    /**
     * The dead-letter producer writes what it was given: a record that failed deserialization arrives as its raw
     * bytes, any other as the Avro object.
     */
    private static KafkaTemplate<Object, Object> deadLetterTemplate(ProducerFactory<?, ?> producerFactory) {
        Map<String, Object> config = new HashMap<>(producerFactory.getConfigurationProperties());
        ConfluentAvroSerializer avro = new ConfluentAvroSerializer();
        avro.configure(config, false);
        Map<Class<?>, Serializer<?>> keys = Map.of(String.class, new StringSerializer(),
                byte[].class, new ByteArraySerializer());
        Map<Class<?>, Serializer<?>> values = Map.of(byte[].class, new ByteArraySerializer(),
                SpecificRecord.class, avro);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config,
                new DelegatingByTypeSerializer(keys, true), new DelegatingByTypeSerializer(values, true)));
    }
}
