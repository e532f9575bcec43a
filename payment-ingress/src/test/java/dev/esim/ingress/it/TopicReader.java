package dev.esim.ingress.it;

import dev.esim.events.serde.ConfluentAvroDeserializer;
import dev.esim.testkit.KafkaRecords;
import dev.esim.testkit.TestInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads our topics the way a downstream team does: read_committed, Avro via the schema registry. */
public final class TopicReader {

    private TopicReader() {
    }

    public static <V extends SpecificRecord> KafkaRecords<String, V> records(String topic) {
        ConfluentAvroDeserializer values = new ConfluentAvroDeserializer();
        values.configure(Map.of("schema.registry.url", TestInfrastructure.registry().url(),
                "specific.avro.reader", true), false);
        @SuppressWarnings("unchecked")
        KafkaRecords<String, V> records = (KafkaRecords<String, V>) (KafkaRecords<?, ?>)
                KafkaRecords.of(topic, new StringDeserializer(), values);
        return records;
    }

    /** Waits for {@code count} records with key {@code key}; fails after the timeout. */
    public static <V extends SpecificRecord> List<ConsumerRecord<String, V>> awaitKey(String topic, String key,
            int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            List<ConsumerRecord<String, V>> matching = List.of();
            try {
                matching = TopicReader.<V>records(topic).withTimeout(Duration.ofSeconds(10))
                        .readAll().stream().filter(r -> key.equals(r.key())).toList();
            } catch (AssertionError | KafkaException e) {
                // a slow read on a loaded machine (or a broker that is coming back): try again until the deadline
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            if (matching.size() >= count || System.nanoTime() > deadline) {
                return matching;
            }
            sleep();
        }
    }

    public static Set<String> keys(String topic) {
        return TopicReader.records(topic).withTimeout(Duration.ofSeconds(10)).readAll().stream()
                .map(ConsumerRecord::key).collect(Collectors.toSet());
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
