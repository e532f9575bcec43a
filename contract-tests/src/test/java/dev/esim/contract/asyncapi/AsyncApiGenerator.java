package dev.esim.contract.asyncapi;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.esim.events.Topic;
import dev.esim.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Writes {@code docs/topics/asyncapi.yaml} (AsyncAPI 3.0) from the schemas module: every topic of {@link Topics#all()}
 * and its dead-letter topic, with the full Avro value schema inline. What the schemas cannot say (who writes a topic,
 * which keyset protects an encrypted field) lives in the two tables below; {@code AsyncApiDocumentTest} fails when a
 * topic or an {@code EncryptedPayload} field is missing from them, so the document cannot silently go stale.
 *
 * <p>Run {@code mvn -pl contract-tests test -Dtest=AsyncApiDocumentTest -Dasyncapi.write=true} to rewrite the file.
 */
public final class AsyncApiGenerator {

    static final String DOCUMENT = "docs/topics/asyncapi.yaml";
    static final String AVRO_SCHEMA_FORMAT = "application/vnd.apache.avro+json;version=1.9.0";
    static final String ENCRYPTED_PAYLOAD = "dev.esim.events.avro.EncryptedPayload";
    private static final String BINDING_VERSION = "0.5.0";

    /** Which service writes each topic (it also declares the topic and its DLT with {@code TopicBuilder}). */
    static final Map<String, String> PRODUCERS = Map.of(
            Topics.ORDERS.name(), "catalog-service (transactional outbox)",
            Topics.PAYMENTS.name(), "payment-ingress",
            Topics.PROVIDER_EVENTS.name(), "payment-ingress",
            Topics.ACTIVATIONS.name(), "provisioning-worker (Kafka transactions)",
            Topics.NOTIFICATIONS.name(), "notification-service",
            Topics.CATALOG_PLANS.name(), "catalog-service");

    /** Our own consumer groups: a downstream team must never reuse them. */
    static final Map<String, List<String>> PLATFORM_GROUPS = Map.of(
            Topics.ORDERS.name(), List.of("provisioning-worker", "notification-service"),
            Topics.PAYMENTS.name(), List.of("provisioning-worker", "notification-service"),
            Topics.PROVIDER_EVENTS.name(), List.of("provisioning-worker"),
            Topics.ACTIVATIONS.name(), List.of("notification-service"),
            Topics.NOTIFICATIONS.name(), List.of(),
            Topics.CATALOG_PLANS.name(), List.of());

    /** One encrypted field: which keyset protects it, who encrypts it and who (holding that keyset) reads it. */
    record EncryptedField(String keyset, String content, String encryptedBy, String decryptedBy) {
    }

    /**
     * Keyed by {@code <record>.<field path>}; a union branch is written {@code [Branch]}. The keyset holders come from
     * each service's configuration ({@code esim.crypto.*-keyset}).
     */
    static final Map<String, EncryptedField> ENCRYPTED_FIELDS = Map.of(
            "OrderEvent.payload[OrderPlaced].customer_email", new EncryptedField("pii",
                    "the traveller's e-mail address", "catalog-service", "notification-service"),
            "OrderEvent.payload[ActivationEmailResendRequested].customer_email", new EncryptedField("pii",
                    "a corrected e-mail address from support", "catalog-service", "notification-service"),
            "PaymentEvent.original_payload", new EncryptedField("pii",
                    "the gateway webhook body as received (customer details inside)", "payment-ingress",
                    "nobody in normal operation; support for audits"),
            "ProviderEvent.original_payload", new EncryptedField("activation",
                    "the provider callback body as received (activation code inside)", "payment-ingress",
                    "nobody in normal operation; support for audits"),
            "ProviderEvent.payload[ProviderActivationReady].lpa", new EncryptedField("activation",
                    "the LPA string LPA:1$<SM-DP+>$<activation code>", "payment-ingress", "provisioning-worker"),
            "ActivationEvent.payload[ActivationReady].lpa", new EncryptedField("activation",
                    "the LPA string LPA:1$<SM-DP+>$<activation code>", "provisioning-worker", "notification-service"));

    private AsyncApiGenerator() {
    }

    /** Writes the document under the repository root given as the first argument (default: the working directory). */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        Path target = root.resolve(DOCUMENT);
        Files.createDirectories(target.getParent());
        Files.writeString(target, render(), StandardCharsets.UTF_8);
        System.out.println("wrote " + target.toAbsolutePath().normalize());
    }

    /** The document as committed: deterministic (insertion-ordered maps, no timestamps). */
    static String render() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(0);
        options.setWidth(120);
        options.setSplitLines(false);
        options.setDereferenceAliases(true); // shared empty lists would otherwise become &id001 anchors
        // multi-line prose as literal blocks, so the committed file reads like the guide it is
        Yaml yaml = new Yaml(new ProseRepresenter(options), options);
        return "# GENERATED by dev.esim.contract.asyncapi.AsyncApiGenerator from the schemas module - do not edit.\n"
                + "# Regenerate: mvn -pl contract-tests test -Dtest=AsyncApiDocumentTest -Dasyncapi.write=true\n"
                + yaml.dump(document());
    }

    static Map<String, Object> document() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("asyncapi", "3.0.0");
        doc.put("id", "urn:dev.esim:events");
        doc.put("info", map(
                "title", "eSIM platform events",
                "version", "1.0.0",
                "description", new Prose(INFO),
                "x-guarantees", guarantees()));
        doc.put("defaultContentType", "application/octet-stream");
        doc.put("servers", map(
                "local", map(
                        "host", "localhost:9092",
                        "protocol", "kafka",
                        "description", "The local stack (README's first command); schema registry on :8081.",
                        "bindings", map("kafka", map(
                                "schemaRegistryUrl", "http://localhost:8081",
                                "schemaRegistryVendor", "confluent",
                                "bindingVersion", BINDING_VERSION)))));

        Map<String, Object> channels = new LinkedHashMap<>();
        Map<String, Object> operations = new LinkedHashMap<>();
        Map<String, Object> messages = new LinkedHashMap<>();
        for (Topic<?> topic : Topics.all()) {
            String message = topic.valueSchema().getName();
            String deadLetterMessage = message + "DeadLetter";
            String dlt = topic.deadLetterTopic();
            channels.put(topic.name(), channel(topic, message));
            channels.put(dlt, deadLetterChannel(topic, deadLetterMessage));
            operations.put("publish." + topic.name(), map(
                    "action", "send",
                    "channel", ref("#/channels/" + topic.name()),
                    "summary", "Written by " + producer(topic) + ".",
                    "messages", List.of(ref("#/channels/" + topic.name() + "/messages/" + message))));
            operations.put("consume." + topic.name(), map(
                    "action", "receive",
                    "channel", ref("#/channels/" + topic.name()),
                    "summary", "How a downstream team reads it: the consumer settings every reader must use.",
                    "x-consumer-config", consumerConfig(),
                    "x-platform-consumer-groups", PLATFORM_GROUPS.get(topic.name()),
                    "bindings", map("kafka", map(
                            "groupId", map("type", "string", "pattern", "^[a-z0-9-]+\\.[a-z0-9.-]+$",
                                    "description", "<team>.<purpose>, e.g. analytics.order-funnel; never a "
                                            + "platform service's group."),
                            "bindingVersion", BINDING_VERSION)),
                    "messages", List.of(ref("#/channels/" + topic.name() + "/messages/" + message))));
            operations.put("publish." + dlt, map(
                    "action", "send",
                    "channel", ref("#/channels/" + dlt),
                    "summary", "Records the consuming service gave up on (after bounded retries, or at once for "
                            + "records that cannot be deserialised, decrypted or validated).",
                    "messages", List.of(ref("#/channels/" + dlt + "/messages/" + deadLetterMessage))));
            messages.put(message, message(topic));
            messages.put(deadLetterMessage, deadLetterMessage(topic, message));
        }
        doc.put("channels", channels);
        doc.put("operations", operations);
        doc.put("components", map("messages", messages));
        return doc;
    }

    private static Map<String, Object> channel(Topic<?> topic, String message) {
        Map<String, Object> topicConfig = new LinkedHashMap<>();
        topicConfig.put("cleanup.policy", List.of(topic.cleanupPolicy()));
        topicConfig.put("retention.ms", topic.retention() == null ? -1L : topic.retention().toMillis());
        Map<String, Object> channel = map(
                "address", topic.name(),
                "title", topic.name(),
                "summary", topic.description(),
                "description", new Prose(channelDescription(topic)),
                "messages", map(message, ref("#/components/messages/" + message)),
                "bindings", map("kafka", map(
                        "topic", topic.name(),
                        "partitions", topic.partitions(),
                        "topicConfiguration", topicConfig,
                        "bindingVersion", BINDING_VERSION)));
        channel.put("x-key", keyDescription(topic));
        channel.put("x-producer", producer(topic));
        channel.put("x-value-subject", topic.valueSubject());
        channel.put("x-subject-name-strategy", "TopicNameStrategy");
        channel.put("x-compatibility", "BACKWARD");
        channel.put("x-ordering", topic.compacted()
                ? "Per SKU (the key): all states of one plan are in one partition, in order."
                : "Per order id (the key): all events of one order are in one partition, in order. Nothing is "
                        + "ordered across orders or across topics.");
        channel.put("x-dead-letter-topic", topic.deadLetterTopic());
        channel.put("x-encrypted-fields", encryptedFields(topic));
        return channel;
    }

    private static Map<String, Object> deadLetterChannel(Topic<?> topic, String message) {
        Map<String, Object> topicConfig = new LinkedHashMap<>();
        topicConfig.put("cleanup.policy", List.of("delete"));
        topicConfig.put("retention.ms", 14L * 24 * 3600 * 1000);
        return map(
                "address", topic.deadLetterTopic(),
                "title", topic.deadLetterTopic(),
                "summary", "Dead letters of " + topic.name() + ".",
                "description", new Prose(String.join("\n",
                        "Records of " + topic.name() + " that a platform consumer gave up on, with Spring Kafka's",
                        "kafka_dlt-* headers (original topic/partition/offset, exception class and message).",
                        "The value is the original envelope re-serialised under subject " + topic.deadLetterTopic()
                                + "-value,",
                        "or the original bytes untouched when they could not be deserialised. Partitions and",
                        "retention (14 days in deploy/k8s) are operational; support re-publishes fixed records",
                        "to " + topic.name() + " with the ops CLI, with their original event_id.")),
                "messages", map(message, ref("#/components/messages/" + message)),
                "bindings", map("kafka", map(
                        "topic", topic.deadLetterTopic(),
                        "topicConfiguration", topicConfig,
                        "bindingVersion", BINDING_VERSION)),
                "x-dead-letters-of", topic.name());
    }

    private static Map<String, Object> message(Topic<?> topic) {
        Schema schema = topic.valueSchema();
        return map(
                "name", schema.getName(),
                "title", schema.getName(),
                "summary", schema.getDoc(),
                "contentType", "application/octet-stream",
                "description", new Prose(String.join("\n",
                        "Confluent wire format: magic byte 0, 4-byte big-endian schema id, Avro binary.",
                        "The kind of event is the branch of the payload union (where there is one).")),
                "correlationId", map(
                        "description", topic.compacted() ? "The SKU (the record key)." : "The order id.",
                        "location", topic.compacted() ? "$message.payload#/sku" : "$message.payload#/order_id"),
                "payload", map(
                        "schemaFormat", AVRO_SCHEMA_FORMAT,
                        "schema", avroSchema(schema)),
                "bindings", map("kafka", map(
                        "key", map("type", "string", "description", keyDescription(topic)),
                        "schemaIdLocation", "payload",
                        "schemaIdPayloadEncoding", "confluent",
                        "schemaLookupStrategy", "TopicNameStrategy",
                        "bindingVersion", BINDING_VERSION)));
    }

    private static Map<String, Object> deadLetterMessage(Topic<?> topic, String message) {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("kafka_dlt-original-topic", header("Topic the record came from."));
        headers.put("kafka_dlt-original-partition", header("Its partition (4-byte int)."));
        headers.put("kafka_dlt-original-offset", header("Its offset (8-byte long)."));
        headers.put("kafka_dlt-original-timestamp", header("Its timestamp (8-byte long)."));
        headers.put("kafka_dlt-original-consumer-group", header("The group that gave up."));
        headers.put("kafka_dlt-exception-fqcn", header("Exception class."));
        headers.put("kafka_dlt-exception-message", header("Exception message (never contains decrypted fields)."));
        headers.put("esim-dlt-reason", header("provisioning-worker only: a stable reason code."));
        return map(
                "name", message + "DeadLetter",
                "title", message + " (dead letter)",
                "summary", "An " + message + " envelope that a platform consumer could not process.",
                "contentType", "application/octet-stream",
                "headers", map("type", "object", "properties", headers),
                // the same schema as the topic's own message (re-serialised under the -dlt subject)
                "payload", ref("#/components/messages/" + message + "/payload"),
                "bindings", map("kafka", map(
                        "key", map("type", "string", "description", keyDescription(topic)),
                        "schemaIdLocation", "payload",
                        "schemaIdPayloadEncoding", "confluent",
                        "schemaLookupStrategy", "TopicNameStrategy",
                        "bindingVersion", BINDING_VERSION)));
    }

    private static Map<String, Object> header(String description) {
        return map("type", "string", "description", description);
    }

    private static List<Map<String, Object>> encryptedFields(Topic<?> topic) {
        Schema schema = topic.valueSchema();
        List<Map<String, Object>> fields = new ArrayList<>();
        for (String path : EncryptedFields.paths(schema)) {
            EncryptedField field = ENCRYPTED_FIELDS.get(schema.getName() + "." + path);
            if (field == null) {
                throw new IllegalStateException("Encrypted field " + schema.getName() + "." + path
                        + " has no entry in AsyncApiGenerator.ENCRYPTED_FIELDS: say which keyset protects it");
            }
            fields.add(map(
                    "path", path,
                    "content", field.content(),
                    "keyset", field.keyset(),
                    "key_id", field.keyset() + "/<environment>",
                    "encrypted_by", field.encryptedBy(),
                    "decrypted_by", field.decryptedBy(),
                    "associated_data", "event_id"));
        }
        return fields;
    }

    static String keyDescription(Topic<?> topic) {
        return topic.compacted() ? "SKU" : "order id";
    }

    private static String producer(Topic<?> topic) {
        return Objects.requireNonNull(PRODUCERS.get(topic.name()),
                () -> "No producer listed for " + topic.name() + " in AsyncApiGenerator.PRODUCERS");
    }

    private static String channelDescription(Topic<?> topic) {
        String retention = topic.retention() == null ? "kept forever" : "kept " + topic.retention().toDays() + " days";
        List<String> lines = new ArrayList<>();
        lines.add(topic.description());
        lines.add("");
        lines.add("Key: " + keyDescription(topic) + " (UTF-8 string). Partitions: " + topic.partitions()
                + ". Cleanup: " + topic.cleanupPolicy() + ", " + retention + ".");
        lines.add("Value: " + topic.valueSchema().getFullName() + ", subject " + topic.valueSubject()
                + " (TopicNameStrategy), compatibility BACKWARD.");
        if (topic.compacted()) {
            lines.add("Compacted: the latest record per SKU wins; "
                    + "a tombstone (null value) means the plan was withdrawn.");
            lines.add("Read it from the beginning to build the full catalogue.");
        }
        lines.add("Dead letters: " + topic.deadLetterTopic() + ".");
        return String.join("\n", lines);
    }

    private static Map<String, Object> consumerConfig() {
        return map(
                "isolation.level", "read_committed",
                "enable.auto.commit", false,
                "auto.offset.reset", "earliest",
                "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
                "value.deserializer", "dev.esim.events.serde.ConfluentAvroDeserializer "
                        + "(or io.confluent.kafka.serializers.KafkaAvroDeserializer)",
                "schema.registry.url", "<registry URL>",
                "specific.avro.reader", true);
    }

    private static Map<String, Object> guarantees() {
        return map(
                "isolation-level", "read_committed (required)",
                "within-kafka", "exactly-once: producers are idempotent (acks=all); consume-process-produce runs in "
                        + "Kafka transactions, so read_committed readers never see aborted attempts",
                "across-replays", "at-least-once: retries and support replays re-deliver events with the same "
                        + "deterministic event_id; dedupe on event_id",
                "ordering", "per key (order id; SKU on the catalogue) within one topic only",
                "compatibility", "BACKWARD per subject <topic>-value (TopicNameStrategy); new kinds of event are new "
                        + "union branches",
                "encryption", "Tink AEAD (AES-256-GCM) per field, associated data = event_id, key_id = "
                        + "<keyset>/<environment>");
    }

    /** The Avro schema as plain maps, minus the Java-only {@code avro.java.string} hints of our generated classes. */
    static Object avroSchema(Schema schema) {
        try {
            Map<String, Object> parsed = new ObjectMapper().readValue(schema.toString(),
                    new TypeReference<LinkedHashMap<String, Object>>() { });
            return withoutJavaHints(parsed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Object withoutJavaHints(Object node) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) m).forEach((k, v) -> {
                if (!k.equals("avro.java.string")) {
                    copy.put(k, withoutJavaHints(v));
                }
            });
            // {"type":"string","avro.java.string":"String"} is just "string" to any other reader
            return copy.size() == 1 && copy.containsKey("type") && copy.get("type") instanceof String s ? s : copy;
        }
        if (node instanceof List<?> l) {
            return l.stream().map(AsyncApiGenerator::withoutJavaHints).toList();
        }
        return node;
    }

    private static Map<String, Object> ref(String target) {
        return map("$ref", target);
    }

    private static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private static final String INFO = String.join("\n",
            "Every Kafka topic of the eSIM platform, for the teams that read them.",
            "Generated from the schemas module (dev.esim.events.Topics and the Avro schemas); the consumer guide",
            "is docs/topics/README.md.",
            "",
            "- Values: Avro in the Confluent wire format, one envelope record per topic (event_id, occurred_at,",
            "  order_id, causation_id, payload union); keys: UTF-8 strings (order id; SKU on the catalogue).",
            "- Consumers MUST set isolation.level=read_committed: producers write in Kafka transactions and",
            "  read_uncommitted readers would see attempts that were rolled back.",
            "- Delivery: exactly-once within Kafka; across retries and support replays at-least-once with the",
            "  same deterministic event_id, so dedupe on event_id.",
            "- Ordering: per key within a topic; none across keys or topics.",
            "- Schemas evolve BACKWARD-compatibly under subject <topic>-value (TopicNameStrategy).",
            "- EncryptedPayload fields are Tink AEAD ciphertexts; key_id <keyset>/<environment> names the keyset.",
            "  Without that keyset you cannot read them: ask the platform team for access.");

    /** A string dumped as a YAML literal block. */
    record Prose(String text) {
    }

    private static final class ProseRepresenter extends Representer {
        ProseRepresenter(DumperOptions options) {
            super(options);
            this.representers.put(Prose.class,
                    data -> representScalar(Tag.STR, ((Prose) data).text(), DumperOptions.ScalarStyle.LITERAL));
        }
    }
}
