package dev.esim.e2e;

import dev.esim.events.serde.ConfluentAvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from the beginning the way a downstream team does: {@code isolation.level=read_committed}, no
 * consumer group (manual assignment, nothing committed), up to the last stable offset.
 */
final class TopicRecords {

    private TopicRecords() {
    }

    /** Values decoded with the schemas' Confluent-wire deserializer into generated classes. */
    static List<ConsumerRecord<String, SpecificRecord>> avro(String topic) {
        ConfluentAvroDeserializer deserializer = new ConfluentAvroDeserializer();
        deserializer.configure(Map.of("schema.registry.url", Platform.REGISTRY, "specific.avro.reader", true), false);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Deserializer<SpecificRecord> values = (Deserializer) deserializer;
        return read(topic, values);
    }

    /** The records of one order (key = order id) on {@code topic}, decoded. */
    static List<SpecificRecord> ofOrder(String topic, String orderId) {
        return avro(topic).stream().filter(r -> orderId.equals(r.key())).map(ConsumerRecord::value).toList();
    }

    static List<ConsumerRecord<String, byte[]>> bytes(String topic) {
        return read(topic, new ByteArrayDeserializer());
    }

    static Set<String> allTopics() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Platform.KAFKA);
        try (Admin admin = Admin.create(p)) {
            return admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot list topics", e);
        }
    }

    private static <V> List<ConsumerRecord<String, V>> read(String topic, Deserializer<V> values) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Platform.KAFKA);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "e2e-reader-" + topic);
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(p, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            if (partitions.isEmpty()) {
                return List.of();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions); // read_committed: the last stable offset
            List<ConsumerRecord<String, V>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!reached(consumer, end, partitions) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end,
                                   Collection<TopicPartition> partitions) {
        return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
    }

    static <T> List<T> map(List<SpecificRecord> records, Function<SpecificRecord, T> f) {
        return records.stream().map(f).toList();
    }
}
