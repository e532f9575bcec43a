package dev.esim.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionOptionsTest {

    @TempDir
    Path dir;

    @Test
    void defaultsToTheLocalStack() {
        KafkaConnection kafka = new ConnectionOptions().connect(Map.of());

        assertThat(kafka.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(kafka.schemaRegistryUrl()).isEqualTo("http://localhost:8081");
    }

    @Test
    void optionBeatsCommandConfigWhichBeatsEnvironment() throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "bootstrap.servers=broker.prod:9093\nsecurity.protocol=SASL_SSL\n"
                + "schema.registry.url=https://registry.prod\n");
        ConnectionOptions options = new ConnectionOptions();
        options.commandConfig = file;
        Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", "env:9092", "SCHEMA_REGISTRY_URL", "http://env");

        KafkaConnection fromFile = options.connect(env);
        options.bootstrapServers = "cli:9092";
        KafkaConnection fromOption = options.connect(env);

        assertThat(fromFile.bootstrapServers()).isEqualTo("broker.prod:9093");
        assertThat(fromFile.schemaRegistryUrl()).isEqualTo("https://registry.prod");
        assertThat(fromFile.adminConfig()).containsEntry("security.protocol", "SASL_SSL")
                .doesNotContainKey("schema.registry.url");
        assertThat(fromOption.bootstrapServers()).isEqualTo("cli:9092");
        assertThat(new ConnectionOptions().connect(env).bootstrapServers()).isEqualTo("env:9092");
    }

    @Test
    void aPropertiesFileCannotWeakenTheReplaySafetySettings() throws Exception {
        Path file = dir.resolve("weak.properties");
        Files.writeString(file, "isolation.level=read_uncommitted\nacks=1\nenable.idempotence=false\n"
                + "group.id=provisioning-worker\nenable.auto.commit=true\n");
        ConnectionOptions options = new ConnectionOptions();
        options.commandConfig = file;

        KafkaConnection kafka = options.connect(Map.of());

        assertThat(kafka.consumerConfig()).containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", false).doesNotContainKey("group.id");
        assertThat(kafka.producerConfig()).containsEntry("acks", "all").containsEntry("enable.idempotence", true);
    }

    @Test
    void theOperatorIsWhomKafkaAuthenticatesAndNobodyActsInAnotherOnesName() throws Exception {
        Path file = dir.resolve("sasl.properties");
        Files.writeString(file, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n"
                + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"alice\" password=\"s3cret\";\n");
        ConnectionOptions options = new ConnectionOptions();
        options.commandConfig = file;
        KafkaConnection kafka = options.connect(Map.of());
        AuditLog audit = new AuditLog(null, null, java.time.Clock.systemUTC(), kafka.principal());

        assertThat(kafka.principal()).isEqualTo("alice");
        assertThat(audit.operator(null)).isEqualTo("alice");
        assertThat(audit.operator("alice")).isEqualTo("alice");
        assertThatThrownBy(() -> audit.operator("bob")).isInstanceOf(OpsException.class)
                .hasMessageContaining("not who Kafka authenticated (alice)");
    }

    @Test
    void onAnUnauthenticatedClusterTheOperatorIsDeclared() {
        KafkaConnection kafka = new ConnectionOptions().connect(Map.of());
        AuditLog audit = new AuditLog(null, null, java.time.Clock.systemUTC(), kafka.principal());

        assertThat(kafka.principal()).isNull();
        assertThat(audit.operator("bob")).isEqualTo("bob");
    }
}
