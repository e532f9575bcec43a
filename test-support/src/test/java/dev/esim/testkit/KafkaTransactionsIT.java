package dev.esim.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@WithKafka
class KafkaTransactionsIT {

    @Test
    void readCommittedConsumerSeesOnlyTheCommittedRecordWhileReadUncommittedSeesBoth(Kafka kafka) throws Exception {
        // given
        String topic = "tx-" + UUID.randomUUID();
        kafka.createTopic(topic, 2);

        // when
        try (KafkaProducer<String, String> producer = transactionalProducer(kafka)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "order-1", "committed")).get();
            producer.commitTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "order-2", "aborted")).get();
            producer.abortTransaction();
        }

        // then
        assertThat(values(KafkaRecords.strings(topic).readAll())).containsExactly("committed");
        assertThat(values(KafkaRecords.strings(topic).readUncommitted().readAll()))
                .containsExactlyInAnyOrder("committed", "aborted");
    }

    @Test
    void recordsOfAnOpenTransactionStayInvisibleToReadCommittedUntilCommit(Kafka kafka) throws Exception {
        // given
        String topic = "open-tx-" + UUID.randomUUID();
        kafka.createTopic(topic, 1);

        try (KafkaProducer<String, String> producer = transactionalProducer(kafka)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "order-1", "pending")).get();

            // when the transaction is still open
            // then
            assertThat(KafkaRecords.strings(topic).readAll()).isEmpty();
            assertThat(values(KafkaRecords.strings(topic).readUncommitted().awaitAtLeast(1)))
                    .containsExactly("pending");

            // when it commits
            producer.commitTransaction();
        }

        // then
        assertThat(values(KafkaRecords.strings(topic).awaitAtLeast(1))).containsExactly("pending");
    }

    @Test
    void createsTopicsWithTheRequestedPartitionsAndToleratesRepeats(Kafka kafka) {
        // given
        String topic = "partitions-" + UUID.randomUUID();

        // when
        kafka.createTopic(topic, 3);
        kafka.createTopic(topic, 3);

        // then
        assertThat(kafka.partitionCount(topic)).isEqualTo(3);
    }

    static KafkaProducer<String, String> transactionalProducer(Kafka kafka) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "testkit-" + UUID.randomUUID(),
                ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer());
    }

    static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }
}
