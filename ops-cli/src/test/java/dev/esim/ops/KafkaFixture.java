package dev.esim.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.esim.testkit.KafkaRecords;
import dev.esim.testkit.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Topics and records on the shared test broker, written the way the services write them. */
final class KafkaFixture implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers(),
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
            new ByteArraySerializer(), new ByteArraySerializer());

    static String uniqueTopic(String prefix, int partitions) {
        String topic = prefix + "." + UUID.randomUUID().toString().substring(0, 8);
        TestInfrastructure.kafka().createTopic(topic, partitions);
        return topic;
    }

    static String registryUrl() {
        return TestInfrastructure.registry().url();
    }

    /** Sends an event as a service would (string key, Confluent-wire Avro value). */
    RecordMetadata send(String topic, Integer partition, Instant timestamp, String key, SpecificRecord event,
            Header... headers) {
        return sendRaw(topic, partition, timestamp, key, EventFixture.serialize(registryUrl(), topic, event), headers);
    }

    RecordMetadata sendRaw(String topic, Integer partition, Instant timestamp, String key, byte[] value,
            Header... headers) {
        try {
            return producer.send(new ProducerRecord<>(topic, partition,
                    timestamp == null ? null : timestamp.toEpochMilli(),
                    key == null ? null : key.getBytes(StandardCharsets.UTF_8), value,
                    new RecordHeaders(headers))).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        return KafkaRecords.bytes(topic).readAll();
    }

    /** The audit records of one action, in the order written. */
    static List<JsonNode> auditRecords(String auditId) {
        return KafkaRecords.strings(AuditLog.TOPIC).readAll().stream()
                .filter(record -> auditId.equals(record.key()))
                .map(record -> parse(record.value()))
                .toList();
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
