package dev.esim.ops;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Builds the tool's Kafka clients. Everything moves as raw bytes: a replay must re-deliver exactly what was written,
 * and decoding (for filters and display) happens beside the copy, never in its path. Settings that make a replay
 * safe (read_committed, idempotent acks=all producer, no offset commits) are applied after the operator's
 * {@code --command-config}, so a properties file cannot weaken them.
 */
final class KafkaConnection {

    private static final String CLIENT_ID = "esim-ops";

    private final String bootstrapServers;
    private final String schemaRegistryUrl;
    private final Map<String, Object> clientProperties;

    KafkaConnection(String bootstrapServers, String schemaRegistryUrl, Map<String, Object> clientProperties) {
        this.bootstrapServers = bootstrapServers;
        this.schemaRegistryUrl = schemaRegistryUrl;
        this.clientProperties = Map.copyOf(clientProperties);
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    String schemaRegistryUrl() {
        return schemaRegistryUrl;
    }

    Map<String, Object> consumerConfig() {
        Map<String, Object> config = common();
        // We only ever assign partitions by hand and never commit: a group id from a shared properties file
        // must not make this tool look like a member of a service's group.
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        // Records of aborted or open transactions were never "delivered": replaying them would invent events.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        // a replay reads whole topics: big fetches, few round trips
        config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        config.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        config.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return config;
    }

    Map<String, Object> producerConfig() {
        Map<String, Object> config = common();
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        // and writes them back in big batches (the flush at the end waits for the last ones)
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 10);
        config.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return config;
    }

    Map<String, Object> adminConfig() {
        Map<String, Object> config = common();
        config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return config;
    }

    KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(consumerConfig());
    }

    KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(producerConfig());
    }

    Admin admin() {
        return Admin.create(adminConfig());
    }

    EventDecoder decoder() {
        return new EventDecoder(registryConfig());
    }

    /**
     * The user name Kafka authenticates this tool as: the {@code username} of a SASL {@code sasl.jaas.config} (PLAIN,
     * SCRAM) in {@code --command-config}; null when the connection is not SASL-authenticated.
     */
    String principal() {
        Object protocol = clientProperties.get("security.protocol");
        Object jaas = clientProperties.get("sasl.jaas.config");
        if (protocol == null || !protocol.toString().toUpperCase(Locale.ROOT).startsWith("SASL_")
                || jaas == null) {
            return null;
        }
        Matcher user = SASL_USER.matcher(jaas.toString());
        return user.find() ? user.group(1) : null;
    }

    private static final Pattern SASL_USER = Pattern.compile("\\busername\\s*=\\s*\"([^\"]+)\"");

    /** The registry's URL and the operator's registry settings (auth, TLS), for Avro serdes. */
    Map<String, Object> registryConfig() {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put("schema.registry.url", schemaRegistryUrl);
        return config;
    }

    private Map<String, Object> common() {
        Map<String, Object> config = new HashMap<>();
        clientProperties.forEach((key, value) -> {
            // Registry settings share the properties file but mean nothing to the Kafka clients.
            if (!key.startsWith("schema.registry.") && !key.startsWith("basic.auth.")) {
                config.put(key, value);
            }
        });
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.putIfAbsent(CommonClientConfigs.CLIENT_ID_CONFIG, CLIENT_ID);
        return config;
    }
}
