package dev.esim.catalog.support;

import dev.esim.events.Topic;
import dev.esim.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the dead-letter topics of the platform's topics ({@link Topics#all()}, each {@code <topic>-dlt}) for the
 * console: the newest records of each, or one record by its partition and offset. Each call uses a consumer of its
 * own, assigned (never subscribed: no group, nothing committed, no other reader disturbed), {@code read_committed}
 * like every reader of ours, and closed before it returns; reading is bounded in records and in time. Blocking.
 */
final class DeadLetterTopics {

    /** The newest records of one dead-letter topic. */
    record Shelf(String topic, String target, boolean exists, List<DeadLetter> letters, long held, boolean partial) {
    }

    private final Map<String, Object> config;
    private final Duration timeout;

    /** @param config the service's consumer settings (brokers, security); group and deserializers are ours */
    DeadLetterTopics(Map<String, Object> config, Duration timeout) {
        Map<String, Object> own = new HashMap<>(config);
        own.keySet().retainAll(ConsumerConfig.configNames());
        own.remove(ConsumerConfig.GROUP_ID_CONFIG);
        own.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        own.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        own.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        own.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        own.put(ConsumerConfig.CLIENT_ID_CONFIG, "catalog-support-dead-letters");
        own.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        this.config = Map.copyOf(own);
        this.timeout = timeout;
    }

    /** Whether {@code name} is the dead-letter topic of one of the platform's topics; if so, that topic. */
    static Optional<String> targetOf(String name) {
        if (name == null || !name.endsWith(Topic.DLT_SUFFIX)) {
            return Optional.empty();
        }
        return Topics.byName(name.substring(0, name.length() - Topic.DLT_SUFFIX.length())).map(Topic::name);
    }

    /**
     * Of every dead-letter topic, the newest {@code perTopic} records (by time), newest first: each partition is read
     * from {@code perTopic} before its end, and what is not read within the timeout is left out (the shelf says so).
     * A topic that does not exist on the cluster (nothing was ever parked there) is listed as such.
     */
    List<Shelf> newest(int perTopic) {
        // the values are never deserialized: the page has no use for them and they may hold personal data
        Deserializer<Object> dropped = (topic, data) -> null;
        try (KafkaConsumer<byte[], Object> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                dropped)) {
            Map<String, List<PartitionInfo>> existing = consumer.listTopics(timeout);
            List<TopicPartition> partitions = new ArrayList<>();
            for (Topic<?> topic : Topics.all()) {
                existing.getOrDefault(topic.deadLetterTopic(), List.of())
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            // assigned before asking for the end offsets: read_committed ones are kept for assigned partitions only
            consumer.assign(partitions);
            Map<TopicPartition, Long> begin = partitions.isEmpty() ? Map.of()
                    : consumer.beginningOffsets(partitions, timeout);
            Map<TopicPartition, Long> end = partitions.isEmpty() ? Map.of()
                    : consumer.endOffsets(partitions, timeout);
            Map<String, Long> held = new HashMap<>();
            Set<TopicPartition> unread = new HashSet<>();
            for (TopicPartition tp : partitions) {
                long first = begin.getOrDefault(tp, 0L);
                long last = end.getOrDefault(tp, 0L);
                held.merge(tp.topic(), Math.max(0, last - first), Long::sum);
                if (last > first) {
                    unread.add(tp);
                }
            }
            Map<String, List<DeadLetter>> read = new HashMap<>();
            consumer.pause(partitions.stream().filter(tp -> !unread.contains(tp)).toList());
            unread.forEach(tp -> consumer.seek(tp, Math.max(begin.get(tp), end.get(tp) - perTopic)));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!unread.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], Object> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < end.get(tp)) {
                        read.computeIfAbsent(record.topic(), t -> new ArrayList<>()).add(DeadLetter.of(record));
                    }
                }
                unread.removeIf(tp -> consumer.position(tp) >= end.get(tp));
            }
            Set<String> partial = new HashSet<>();
            unread.forEach(tp -> partial.add(tp.topic()));
            Map<String, Shelf> shelves = new LinkedHashMap<>();
            for (Topic<?> topic : Topics.all()) {
                String dlt = topic.deadLetterTopic();
                List<DeadLetter> letters = read.getOrDefault(dlt, List.of()).stream()
                        .sorted(Comparator.comparing(DeadLetter::parkedAt).thenComparingInt(DeadLetter::partition)
                                .thenComparingLong(DeadLetter::offset).reversed())
                        .limit(perTopic).toList();
                shelves.put(dlt, new Shelf(dlt, topic.name(), existing.containsKey(dlt), letters,
                        held.getOrDefault(dlt, 0L), partial.contains(dlt)));
            }
            return List.copyOf(shelves.values());
        }
    }

    /**
     * The record at {@code offset} of the dead-letter topic's partition, with its value: absent when the topic or
     * partition does not exist, the offset is outside the partition, or it is not a committed record.
     */
    Optional<ConsumerRecord<byte[], byte[]>> find(String topic, int partition, long offset) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, partition);
            if (consumer.partitionsFor(topic, timeout).stream().noneMatch(p -> p.partition() == partition)) {
                return Optional.empty();
            }
            List<TopicPartition> one = List.of(tp);
            consumer.assign(one);
            long first = consumer.beginningOffsets(one, timeout).get(tp);
            long end = consumer.endOffsets(one, timeout).get(tp);
            if (offset < first || offset >= end) {
                return Optional.empty();
            }
            consumer.seek(tp, offset);
            long deadline = System.nanoTime() + timeout.toNanos();
            // read_committed skips aborted records and transaction markers: past the offset without it, it is none
            while (consumer.position(tp) <= offset && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() == offset) {
                        return Optional.of(record);
                    }
                }
            }
            return Optional.empty();
        }
    }
}
