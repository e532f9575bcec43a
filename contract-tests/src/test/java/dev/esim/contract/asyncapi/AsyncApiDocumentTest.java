package dev.esim.contract.asyncapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.esim.contract.RepositoryFiles;
import dev.esim.events.Topic;
import dev.esim.events.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class AsyncApiDocumentTest {

    private static final String REGENERATE =
            "mvn -pl contract-tests test -Dtest=AsyncApiDocumentTest -Dasyncapi.write=true";

    private static Map<String, Object> document;

    @BeforeAll
    static void writeWhenAskedAndParse() throws IOException {
        Path committed = RepositoryFiles.path(AsyncApiGenerator.DOCUMENT);
        if (Boolean.getBoolean("asyncapi.write")) {
            Files.createDirectories(committed.getParent());
            Files.writeString(committed, AsyncApiGenerator.render(), StandardCharsets.UTF_8);
        }
        document = new Yaml().load(RepositoryFiles.read(AsyncApiGenerator.DOCUMENT));
    }

    @Test
    void committedDocumentMatchesTheSchemasModule() {
        // given
        String generated = AsyncApiGenerator.render();

        // when
        String committed = RepositoryFiles.read(AsyncApiGenerator.DOCUMENT);

        // then
        if (!committed.equals(generated)) {
            fail(AsyncApiGenerator.DOCUMENT + " is out of date with the schemas module (topics or .avsc changed). "
                    + "Regenerate it with `" + REGENERATE + "`, review the diff and commit it.");
        }
    }

    @Test
    void isAnAsyncApi3DocumentWithItsOperationsPointingAtExistingChannels() {
        assertThat(document.get("asyncapi")).isEqualTo("3.0.0");
        Map<String, Object> channels = map(document, "channels");
        Map<String, Object> operations = map(document, "operations");
        assertThat(operations).isNotEmpty();
        operations.forEach((id, operation) -> {
            String channelRef = (String) map((Map<?, ?>) operation, "channel").get("$ref");
            assertThat(channelRef).as(id).startsWith("#/channels/");
            assertThat(channels).as(id).containsKey(channelRef.substring("#/channels/".length()));
            assertThat(((Map<?, ?>) operation).get("action")).as(id).isIn("send", "receive");
        });
    }

    @Test
    void everyTopicAndItsDeadLetterTopicHasAChannelWithTheTopicsAvroSchema() throws IOException {
        Map<String, Object> channels = map(document, "channels");
        for (Topic<?> topic : Topics.all()) {
            for (String address : List.of(topic.name(), topic.deadLetterTopic())) {
                // given
                Map<String, Object> channel = map(channels, address);
                assertThat(channel.get("address")).isEqualTo(address);

                // when: the channel's one message, followed through its $ref
                Map<String, Object> messages = map(channel, "messages");
                assertThat(messages).as(address).hasSize(1);
                Map<String, Object> message = resolve(messages.values().iterator().next());
                Map<String, Object> payload = resolve(message.get("payload"));
                Schema documented =
                        new Schema.Parser().parse(new ObjectMapper().writeValueAsString(payload.get("schema")));

                // then: interchangeable with the schema the services write with
                assertThat(payload.get("schemaFormat")).isEqualTo(AsyncApiGenerator.AVRO_SCHEMA_FORMAT);
                Schema actual = topic.valueSchema();
                assertThat(documented.getFullName()).isEqualTo(actual.getFullName());
                assertThat(SchemaNormalization.parsingFingerprint64(documented))
                        .as(address).isEqualTo(SchemaNormalization.parsingFingerprint64(actual));
                assertThat(mutuallyCompatible(documented, actual)).as(address).isTrue();
                Map<String, Object> kafka = map(map(message, "bindings"), "kafka");
                assertThat(map(kafka, "key").get("type")).isEqualTo("string");
                assertThat(kafka.get("schemaLookupStrategy")).isEqualTo("TopicNameStrategy");
            }
        }
    }

    @Test
    void eachTopicStatesItsKeyPartitionsCleanupRetentionAndSubject() {
        Map<String, Object> channels = map(document, "channels");
        for (Topic<?> topic : Topics.all()) {
            Map<String, Object> channel = map(channels, topic.name());
            Map<String, Object> binding = map(map(channel, "bindings"), "kafka");
            Map<String, Object> config = map(binding, "topicConfiguration");

            assertThat(binding.get("partitions")).as(topic.name()).isEqualTo(topic.partitions());
            assertThat(config.get("cleanup.policy")).as(topic.name()).isEqualTo(List.of(topic.cleanupPolicy()));
            assertThat(((Number) config.get("retention.ms")).longValue()).as(topic.name())
                    .isEqualTo(topic.retention() == null ? -1L : topic.retention().toMillis());
            assertThat(channel.get("x-value-subject")).isEqualTo(topic.name() + "-value");
            assertThat(channel.get("x-compatibility")).isEqualTo("BACKWARD");
            assertThat(channel.get("x-dead-letter-topic")).isEqualTo(topic.name() + "-dlt");
            // the key the schema's own doc names is the key we document
            assertThat(topic.valueSchema().getDoc()).as(topic.name())
                    .contains("key = " + channel.get("x-key"));
        }
    }

    @Test
    void everyEncryptedPayloadFieldIsDocumentedWithTheKeysetThatProtectsIt() {
        Map<String, Object> channels = map(document, "channels");
        int total = 0;
        for (Topic<?> topic : Topics.all()) {
            // given: what the schema itself says is encrypted
            List<String> inSchema = EncryptedFields.paths(topic.valueSchema());

            // when
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> documented =
                    (List<Map<String, Object>>) map(channels, topic.name()).get("x-encrypted-fields");

            // then
            assertThat(documented).extracting(f -> f.get("path")).as(topic.name())
                    .containsExactlyElementsOf(inSchema);
            assertThat(documented).allSatisfy(f -> {
                assertThat(f.get("keyset")).isIn("pii", "activation");
                assertThat((String) f.get("key_id")).isEqualTo(f.get("keyset") + "/<environment>");
            });
            total += inSchema.size();
        }
        // the known six: customer e-mail, a corrected one, two original payloads, two LPAs
        assertThat(total).isEqualTo(AsyncApiGenerator.ENCRYPTED_FIELDS.size()).isEqualTo(6);
    }

    @Test
    void consumerGuideNamesEveryTopicAndEveryEncryptedField() {
        String guide = RepositoryFiles.read("docs/topics/README.md");
        for (Topic<?> topic : Topics.all()) {
            assertThat(guide).as("docs/topics/README.md").contains("`" + topic.name() + "`");
            for (String path : EncryptedFields.paths(topic.valueSchema())) {
                assertThat(guide).as("docs/topics/README.md, encrypted field of " + topic.name())
                        .contains("`" + path);
            }
        }
        assertThat(guide).contains("isolation.level=read_committed", "specific.avro.reader", "<topic>-dlt");
    }

    @Test
    void findsEncryptedFieldsInsideUnionBranches() {
        assertThat(EncryptedFields.paths(Topics.ORDERS.valueSchema()))
                .containsExactly("payload[OrderPlaced].customer_email",
                        "payload[ActivationEmailResendRequested].customer_email");
        assertThat(EncryptedFields.paths(Topics.PROVIDER_EVENTS.valueSchema()))
                .containsExactly("original_payload", "payload[ProviderActivationReady].lpa");
        assertThat(EncryptedFields.paths(Topics.CATALOG_PLANS.valueSchema())).isEmpty();
    }

    private static boolean mutuallyCompatible(Schema a, Schema b) {
        return SchemaCompatibility.checkReaderWriterCompatibility(a, b).getType() == SchemaCompatibilityType.COMPATIBLE
                && SchemaCompatibility.checkReaderWriterCompatibility(b, a).getType()
                        == SchemaCompatibilityType.COMPATIBLE;
    }

    private static Map<String, Object> resolve(Object node) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) node;
        Object ref = map.get("$ref");
        if (ref == null) {
            return map;
        }
        Map<String, Object> target = document;
        for (String part : ((String) ref).substring(2).split("/")) {
            target = map(target, part);
        }
        return target;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<?, ?> parent, String key) {
        Object child = parent.get(key);
        assertThat(child).as("'%s' in the AsyncAPI document", key).isInstanceOf(Map.class);
        return (Map<String, Object>) child;
    }
}
