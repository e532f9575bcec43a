package dev.esim.ops;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Where Kafka and the registry are. Precedence: the option, then the {@code --command-config} file, then the
 * environment variables every service reads ({@code KAFKA_BOOTSTRAP_SERVERS}, {@code SCHEMA_REGISTRY_URL}), then the
 * local stack's defaults — so the same command works against the local stack and, with a properties file holding
 * SASL/TLS settings, against any cluster.
 */
final class ConnectionOptions {

    static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
    static final String DEFAULT_SCHEMA_REGISTRY = "http://localhost:8081";

    @Option(names = "--bootstrap-servers", paramLabel = "<host:port,...>",
            description = "Kafka bootstrap servers (default: bootstrap.servers of --command-config, "
                    + "else $KAFKA_BOOTSTRAP_SERVERS, else " + DEFAULT_BOOTSTRAP_SERVERS + ").")
    String bootstrapServers;

    @Option(names = "--schema-registry", paramLabel = "<url>",
            description = "Schema registry URL (default: schema.registry.url of --command-config, "
                    + "else $SCHEMA_REGISTRY_URL, else " + DEFAULT_SCHEMA_REGISTRY + ").")
    String schemaRegistry;

    @Option(names = "--command-config", paramLabel = "<file>",
            description = "Kafka client properties (security.protocol, sasl.*, ssl.*, ...) applied to every "
                    + "consumer, producer and admin client, like Kafka's own tools.")
    Path commandConfig;

    KafkaConnection connect() {
        return connect(System.getenv());
    }

    KafkaConnection connect(Map<String, String> environment) {
        Map<String, Object> fileProperties = loadCommandConfig();
        String bootstrap = first(bootstrapServers, (String) fileProperties.get("bootstrap.servers"),
                environment.get("KAFKA_BOOTSTRAP_SERVERS"), DEFAULT_BOOTSTRAP_SERVERS);
        String registry = first(schemaRegistry, (String) fileProperties.get("schema.registry.url"),
                environment.get("SCHEMA_REGISTRY_URL"), DEFAULT_SCHEMA_REGISTRY);
        return new KafkaConnection(bootstrap, registry, fileProperties);
    }

    private Map<String, Object> loadCommandConfig() {
        Map<String, Object> result = new LinkedHashMap<>();
        if (commandConfig == null) {
            return result;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(commandConfig, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw OpsException.failed("Cannot read --command-config " + commandConfig + ": " + e.getMessage());
        }
        properties.stringPropertyNames().forEach(name -> result.put(name, properties.getProperty(name)));
        return result;
    }

    private static String first(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate.trim();
            }
        }
        throw new IllegalStateException("no default");
    }
}
