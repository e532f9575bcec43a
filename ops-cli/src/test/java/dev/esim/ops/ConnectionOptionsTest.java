package dev.esim.ops;

import static org.assertj.core.api.Assertions.assertThat;

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
}
