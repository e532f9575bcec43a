package dev.esim.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from the beginning the way a downstream team would: {@code read_committed} by default, so
 * records of aborted or still-open transactions are invisible. Each call uses a fresh consumer with manual
 * partition assignment (no consumer group, nothing committed), so reading never disturbs the service under test.
 *
 * <pre>{@code
 * List<ConsumerRecord<String, byte[]>> records = KafkaRecords.bytes("esim.payments.v1").awaitAtLeast(1);
 * }</pre>
 *
 * Instances are immutable; the {@code with…} methods return copies.
 */
public final class KafkaRecords<K, V> {

    private static final Duration POLL = Duration.ofMillis(100);

    private final String bootstrapServers;
    private final String topic;
    private final Deserializer<K> keyDeserializer;
    private final Deserializer<V> valueDeserializer;
    private final IsolationLevel isolation;
    private final Duration timeout;

    private KafkaRecords(String bootstrapServers, String topic, Deserializer<K> keyDeserializer,
            Deserializer<V> valueDeserializer, IsolationLevel isolation, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.keyDeserializer = keyDeserializer;
        this.valueDeserializer = valueDeserializer;
        this.isolation = isolation;
        this.timeout = timeout;
    }

    /** String keys, raw value bytes (e.g. Confluent-wire Avro), on the shared broker. */
    public static KafkaRecords<String, byte[]> bytes(String topic) {
        return bytes(TestInfrastructure.kafka().bootstrapServers(), topic);
    }

    /** String keys and values, on the shared broker. */
    public static KafkaRecords<String, String> strings(String topic) {
        return of(topic, new StringDeserializer(), new StringDeserializer());
    }

    /** Own deserializers (already configured: the consumer does not call {@code configure} on instances). */
    public static <K, V> KafkaRecords<K, V> of(String topic, Deserializer<K> keys, Deserializer<V> values) {
        return new KafkaRecords<>(TestInfrastructure.kafka().bootstrapServers(), topic, keys, values,
                IsolationLevel.READ_COMMITTED, Duration.ofSeconds(30));
    }

    static KafkaRecords<String, byte[]> bytes(String bootstrapServers, String topic) {
        return new KafkaRecords<>(bootstrapServers, topic, new StringDeserializer(), new ByteArrayDeserializer(),
                IsolationLevel.READ_COMMITTED, Duration.ofSeconds(30));
    }

    /** Also sees records of aborted and open transactions: useful to prove that something was rolled back. */
    public KafkaRecords<K, V> readUncommitted() {
        return new KafkaRecords<>(bootstrapServers, topic, keyDeserializer, valueDeserializer,
                IsolationLevel.READ_UNCOMMITTED, timeout);
    }

    /** How long {@link #awaitAtLeast} and {@link #readAll} may take (default 30 s). */
    public KafkaRecords<K, V> withTimeout(Duration newTimeout) {
        return new KafkaRecords<>(bootstrapServers, topic, keyDeserializer, valueDeserializer, isolation,
                newTimeout);
    }

    /**
     * Every record visible right now, from the beginning up to the end offsets as this isolation level sees
     * them (for {@code read_committed}: the last stable offset). An absent topic reads as empty.
     */
    public List<ConsumerRecord<K, V>> readAll() {
        try (KafkaConsumer<K, V> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer);
            if (partitions.isEmpty()) {
                return List.of();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<K, V>> records = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Timed out after " + timeout + " reading " + topic + " up to " + end
                            + "; got " + records.size() + " records");
                }
                consumer.poll(POLL).forEach(records::add);
            }
            return records;
        }
    }

    /**
     * Polls from the beginning until at least {@code count} records are visible, and returns all records seen
     * (possibly more than {@code count}). Fails with an {@link AssertionError} on timeout. Waits for the topic
     * to exist, so it may be called before the service under test has created it.
     */
    public List<ConsumerRecord<K, V>> awaitAtLeast(int count) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<K, V> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer);
            while (partitions.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Topic " + topic + " did not appear within " + timeout);
                }
                sleep(POLL);
                partitions = partitions(consumer);
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<K, V>> records = new ArrayList<>();
            while (records.size() < count) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Expected at least " + count + " records on " + topic + " ("
                            + isolation.toString().toLowerCase(Locale.ROOT) + ") within " + timeout + " but got "
                            + records.size() + ": " + describe(records));
                }
                consumer.poll(POLL).forEach(records::add);
            }
            return records;
        }
    }

    private boolean reached(KafkaConsumer<K, V> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private List<TopicPartition> partitions(KafkaConsumer<K, V> consumer) {
        Map<String, ?> topics = consumer.listTopics();
        if (!topics.containsKey(topic)) {
            return List.of();
        }
        return consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
    }

    private KafkaConsumer<K, V> consumer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "testkit-records-" + topic);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString().toLowerCase(Locale.ROOT));
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Reading must never create the topic: that would hide a service that forgot to declare it.
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        return new KafkaConsumer<>(config, new NonClosing<>(keyDeserializer), new NonClosing<>(valueDeserializer));
    }

    private static String describe(List<? extends ConsumerRecord<?, ?>> records) {
        Set<String> keys = records.stream().map(r -> r.partition() + "@" + r.offset() + ":" + r.key())
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        return keys.toString();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** The consumer closes its deserializers; ours are reused across calls, so closing is swallowed. */
    private record NonClosing<T>(Deserializer<T> delegate) implements Deserializer<T> {

        @Override
        public T deserialize(String topic, byte[] data) {
            return delegate.deserialize(topic, data);
        }

        @Override
        public T deserialize(String topic, org.apache.kafka.common.header.Headers headers, byte[] data) {
            return delegate.deserialize(topic, headers, data);
        }

        @Override
        public void close() {
        }
    }
}
