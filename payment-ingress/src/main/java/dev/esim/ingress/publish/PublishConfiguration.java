package dev.esim.ingress.publish;

import dev.esim.events.Topics;
import dev.esim.events.crypto.FieldCipher;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaAdmin.NewTopics;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.ProducerListener;
import reactor.core.scheduler.Schedulers;

/** The publishing adapter's wiring; producer settings themselves live in application.yml. */
@Configuration(proxyBeanMethods = false)
public class PublishConfiguration {

    /** We own the payments and provider-events topics (conventions.md), and their dead-letter topics. */
    @Bean
    NewTopics ownedTopics() {
        return new NewTopics(
                Topics.PAYMENTS.newTopic(),
                Topics.PAYMENTS.newDeadLetterTopic(),
                Topics.PROVIDER_EVENTS.newTopic(),
                Topics.PROVIDER_EVENTS.newDeadLetterTopic());
    }

    @Bean
    EventPublisher eventPublisher(KafkaTemplate<String, Object> template, Ciphers ciphers, PublishSettings settings) {
        // the first record of each (topic, schema) may wait for the schema registry: on a pool meant for blocking
        EventPublisher kafka = new KafkaEventPublisher(template, new AvroMapping(ciphers.pii(), ciphers.activation()),
                task -> Schedulers.boundedElastic().schedule(task));
        return settings.rememberPublished().isZero() ? kafka
                : new RememberingPublisher(kafka, settings.rememberPublished(), REMEMBERED_EVENTS);
    }

    /** Event ids remembered as published at most: ten minutes of a 150 events/s flash sale, ~20 MB of heap. */
    private static final long REMEMBERED_EVENTS = 100_000;

    /**
     * Replaces Spring's default {@code LoggingProducerListener}, which logs a failed record's contents at ERROR, and
     * would do so for every early try the controller repeats ({@link EventPublisher.NotSentYet}). A publish that
     * finally fails is logged by the controller, with the request id and without the record.
     */
    @Bean
    ProducerListener<Object, Object> kafkaProducerListener() {
        return new ProducerListener<>() {
        };
    }

    @Bean(destroyMethod = "close")
    Admin readinessAdmin(KafkaAdmin kafkaAdmin, PublishSettings settings) {
        Map<String, Object> config = new java.util.HashMap<>(kafkaAdmin.getConfigurationProperties());
        int timeout = (int) settings.healthTimeout().toMillis();
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "payment-ingress-readiness");
        // while Kafka is down, probe (and log) every few seconds rather than every second
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 5000);
        return Admin.create(config);
    }

    /** Registered as health contributor {@code kafka}; application.yml puts it in the readiness group. */
    @Bean("kafka")
    org.springframework.boot.health.contributor.HealthIndicator kafkaReadiness(Admin readinessAdmin,
            PublishSettings settings) {
        return new KafkaReadiness(readinessAdmin, settings.healthTimeout());
    }

    /** The two field ciphers, built by the application configuration from the environment's keysets. */
    public record Ciphers(FieldCipher pii, FieldCipher activation) {
    }

    /**
     * What the adapter needs from the service's properties.
     *
     * @param healthTimeout     the readiness check's describeCluster timeout
     * @param rememberPublished how long a repeated delivery of a published event is answered without publishing it
     *                          again ({@link RememberingPublisher}); zero publishes every delivery
     */
    public record PublishSettings(Duration healthTimeout, Duration rememberPublished) {
    }
}
