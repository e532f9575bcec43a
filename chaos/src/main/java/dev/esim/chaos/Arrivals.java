package dev.esim.chaos;

import dev.esim.events.Topics;
import dev.esim.events.avro.ActivationEvent;
import dev.esim.events.avro.ActivationReady;
import dev.esim.events.avro.EmailSent;
import dev.esim.events.avro.NotificationEvent;
import dev.esim.events.serde.ConfluentAvroDeserializer;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * When each order's {@code ActivationReady} and activation {@code EmailSent} became visible to a downstream reader
 * ({@code read_committed}, the record's timestamp), and how many distinct activation e-mails each order got —
 * read in the background from the end of the topics at construction.
 */
final class Arrivals implements AutoCloseable {

    private final Map<String, Long> activatedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> mailedAt = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> emailEvents = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, Object> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    Arrivals() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Outside.KAFKA);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        ConfluentAvroDeserializer avro = new ConfluentAvroDeserializer();
        avro.configure(Map.of("schema.registry.url", Outside.REGISTRY, "specific.avro.reader", true), false);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Deserializer<Object> values = (Deserializer) avro;
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), values);
        List<TopicPartition> partitions = new java.util.ArrayList<>();
        for (String topic : List.of(Topics.ACTIVATIONS.name(), Topics.NOTIFICATIONS.name())) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // fix the start now, not at the first poll
        thread = new Thread(this::run, "arrivals");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            for (ConsumerRecord<String, Object> r : consumer.poll(Duration.ofMillis(100))) {
                if (r.value() instanceof ActivationEvent a && a.getPayload() instanceof ActivationReady) {
                    activatedAt.putIfAbsent(a.getOrderId(), r.timestamp());
                } else if (r.value() instanceof NotificationEvent n && n.getPayload() instanceof EmailSent sent
                        && sent.getTemplate().equals("activation-ready")) {
                    mailedAt.putIfAbsent(n.getOrderId(), r.timestamp());
                    emailEvents.computeIfAbsent(n.getOrderId(), k -> ConcurrentHashMap.newKeySet())
                            .add(n.getEventId());
                }
            }
        }
        consumer.close();
    }

    Long activatedAt(String orderId) {
        return activatedAt.get(orderId);
    }

    Long mailedAt(String orderId) {
        return mailedAt.get(orderId);
    }

    /** Distinct activation e-mails notification-service reported for the order. */
    int emails(String orderId) {
        return emailEvents.getOrDefault(orderId, new HashSet<>()).size();
    }

    boolean allMailed(List<String> orderIds) {
        return orderIds.stream().allMatch(mailedAt::containsKey);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
