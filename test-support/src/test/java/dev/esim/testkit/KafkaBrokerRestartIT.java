package dev.esim.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** What "Kafka down, then back" tests in the services rely on. */
@WithKafka
class KafkaBrokerRestartIT {

    @Test
    void brokerRefusesWritesWhileStoppedAndComesBackOnTheSamePortWithItsData(Kafka kafka) throws Exception {
        // given a record acknowledged by all replicas before the outage
        String topic = "restart-" + UUID.randomUUID();
        kafka.createTopic(topic, 1);
        String bootstrapBefore = kafka.bootstrapServers();
        try (KafkaProducer<String, String> producer = producer(kafka)) {
            producer.send(new ProducerRecord<>(topic, "order-1", "before")).get(10, TimeUnit.SECONDS);

            // when the broker goes down
            try (Kafka.Outage outage = kafka.outage()) {
                // then writes are not acknowledged
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "order-2", "during"))
                        .get(20, TimeUnit.SECONDS))
                        .hasRootCauseInstanceOf(TimeoutException.class);
            }

            // when it is back, the same producer (as a running service would) writes again
            producer.send(new ProducerRecord<>(topic, "order-3", "after")).get(30, TimeUnit.SECONDS);
        }

        // then
        assertThat(kafka.bootstrapServers()).isEqualTo(bootstrapBefore);
        assertThat(KafkaTransactionsIT.values(KafkaRecords.strings(topic).readAll()))
                .containsExactly("before", "after");
    }

    private static KafkaProducer<String, String> producer(Kafka kafka) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                // Fail fast while the broker is down, so the outage is observable within the test.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000,
                ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), new StringSerializer());
    }
}
