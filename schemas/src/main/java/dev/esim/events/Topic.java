package dev.esim.events;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * One Kafka topic of the contract: its name travels with its key type, value type and the settings we create it with.
 *
 * @param name          the topic name (part of the contract: downstream teams subscribe to it)
 * @param valueType     the generated Avro class of the value; keys are always strings
 * @param partitions    partition count; ordering is guaranteed per key (per order id) only
 * @param cleanupPolicy {@code delete} or {@code compact}
 * @param retention     how long records are kept ({@code null} for compacted topics: forever)
 * @param description   what a downstream reader finds on it
 */
public record Topic<V extends SpecificRecord>(
        String name,
        Class<V> valueType,
        int partitions,
        String cleanupPolicy,
        Duration retention,
        String description) {

    public static final String DLT_SUFFIX = "-dlt";
    /** How long a dead-letter topic keeps records: two weeks for support to look and redrive. */
    public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(14);

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(valueType, "valueType");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be positive");
        }
        if (!cleanupPolicy.equals("delete") && !cleanupPolicy.equals("compact")) {
            throw new IllegalArgumentException("cleanupPolicy must be delete or compact");
        }
    }

    /** Keys are order ids (or SKUs for the catalogue), always plain UTF-8 strings. */
    public Class<String> keyType() {
        return String.class;
    }

    /** The dead-letter topic where consumers park records they could not process. */
    public String deadLetterTopic() {
        return name + DLT_SUFFIX;
    }

    /**
     * The topic as its owner declares it (a Spring {@code NewTopic} bean, the local stack): partitions, cleanup policy
     * and retention from this registry entry, replication from the broker's default.
     */
    public NewTopic newTopic() {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy);
        configs.put(TopicConfig.RETENTION_MS_CONFIG, retention == null ? "-1" : Long.toString(retention.toMillis()));
        return new NewTopic(name, Optional.of(partitions), Optional.empty()).configs(configs);
    }

    /**
     * Its dead-letter topic: as many partitions (a dead letter goes to the partition its key picks, so one order's
     * dead letters stay together), deleted after {@link #DEAD_LETTER_RETENTION}.
     */
    public NewTopic newDeadLetterTopic() {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(DEAD_LETTER_RETENTION.toMillis()));
        return new NewTopic(deadLetterTopic(), Optional.of(partitions), Optional.empty()).configs(configs);
    }

    /** The schema-registry subject of the value ({@code TopicNameStrategy}: one record type per topic). */
    public String valueSubject() {
        return name + "-value";
    }

    public Schema valueSchema() {
        return SpecificRecordSchemas.of(valueType);
    }

    public boolean compacted() {
        return cleanupPolicy.equals("compact");
    }
}
