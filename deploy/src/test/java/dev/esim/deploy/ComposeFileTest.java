package dev.esim.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docker-compose.yml} read without Docker: inside a container {@code localhost} is the container itself, so
 * every address a service's configuration defaults to localhost must be set by its compose service.
 */
class ComposeFileTest {

    private static final Path COMPOSE = Path.of("..", "docker-compose.yml");
    private static final List<String> SERVICES = List.of("sandbox", "payment-ingress", "catalog-service",
            "provisioning-worker", "notification-service");
    /** {@code ${NAME:default}} whose default names this machine. */
    private static final Pattern LOCAL_DEFAULT =
            Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):[^}]*(localhost|127\\.0\\.0\\.1)[^}]*}");

    @Test
    void everyServiceIsGivenEveryAddressItsConfigurationDefaultsToLocalhost() throws IOException {
        Map<String, Object> services = map(compose(), "services");
        Map<String, Set<String>> unset = new TreeMap<>();
        for (String service : SERVICES) {
            Set<String> given = map(map(services, service), "environment").keySet();
            Set<String> missing = localDefaults(Path.of("..", service, "src", "main", "resources",
                    "application.yml"));
            missing.removeAll(given);
            if (!missing.isEmpty()) {
                unset.put(service, missing);
            }
        }
        assertThat(unset).as("variables whose default is localhost, not set in docker-compose.yml").isEmpty();
    }

    @Test
    void kafkaIsPublishedForToolsOnTheHostAndTheUiReadsTheRegistry() throws IOException {
        Map<String, Object> services = map(compose(), "services");
        Map<String, Object> kafka = map(map(services, "kafka"), "environment");

        assertThat(kafka.get("KAFKA_ADVERTISED_LISTENERS").toString()).contains("localhost:9094");
        assertThat(map(services, "kafka").get("ports")).isEqualTo(List.of("9094:9094"));
        assertThat(map(map(services, "kafka-ui"), "environment"))
                .containsEntry("KAFKA_CLUSTERS_0_SCHEMAREGISTRY", "http://schema-registry:8081");
    }

    private static Set<String> localDefaults(Path file) throws IOException {
        Matcher matcher = LOCAL_DEFAULT.matcher(Files.readString(file));
        Set<String> names = new TreeSet<>();
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static Map<String, Object> compose() throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(100);
        try (Reader reader = Files.newBufferedReader(COMPOSE)) {
            // SnakeYAML resolves the file's anchors and merge keys (<<: *service-env) as Compose does
            return new Yaml(options).load(reader);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as(key).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
