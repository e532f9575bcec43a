package dev.esim.catalog.outbox;

import dev.esim.catalog.CatalogProperties;
import dev.esim.events.Topics;
import dev.esim.events.crypto.FieldCipher;
import dev.esim.events.crypto.Keysets;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the service publishes: the outbox, its relay to Kafka, the topics we own, and the PII cipher (the only place
 * the e-mail keyset is held). Client settings (serializers, acks) are in application.yml.
 */
@Configuration(proxyBeanMethods = false)
class OutboxConfiguration {

    @Bean
    Outbox outbox(JdbcClient jdbc, JsonMapper json) {
        return new Outbox(jdbc, json);
    }

    @Bean
    FieldSealer piiSealer(CatalogProperties properties) {
        FieldCipher cipher = Keysets.encryptOnly(Keysets.PII, properties.environment(),
                properties.crypto().piiKeyset());
        return (plaintext, eventId) -> new OutboxEvent.SealedField(cipher.keyId(),
                cipher.encryptBytes(plaintext.getBytes(StandardCharsets.UTF_8), eventId));
    }

    @Bean
    OutboxRelay outboxRelay(JdbcClient jdbc, Outbox outbox, KafkaTemplate<Object, Object> kafka,
                            TransactionTemplate tx, CatalogProperties properties) {
        CatalogProperties.Outbox o = properties.catalog().outbox();
        return new OutboxRelay(jdbc, outbox, kafka, tx, o.batchSize(), o.pollInterval(), o.sendTimeout());
    }

    @Bean
    NewTopic ordersTopic() {
        return Topics.ORDERS.newTopic();
    }

    @Bean
    NewTopic ordersDeadLetterTopic() {
        return Topics.ORDERS.newDeadLetterTopic();
    }

    @Bean
    NewTopic catalogPlansTopic() {
        return Topics.CATALOG_PLANS.newTopic();
    }

    @Bean
    NewTopic catalogPlansDeadLetterTopic() {
        return Topics.CATALOG_PLANS.newDeadLetterTopic();
    }
}
