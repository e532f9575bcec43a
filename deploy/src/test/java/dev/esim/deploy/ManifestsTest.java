package dev.esim.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esim.events.Topic;
import dev.esim.events.Topics;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class ManifestsTest {

    private static final Path K8S = Path.of("k8s");
    private static final List<String> SERVICES =
            List.of("payment-ingress", "catalog-service", "provisioning-worker", "notification-service");

    @Test
    void everyManifestParsesAndNamesItsKind() throws IOException {
        List<Map<String, Object>> docs = allDocuments();

        assertThat(docs).isNotEmpty().allSatisfy(doc -> {
            assertThat(doc).containsKeys("kind");
            if (!"Kustomization".equals(doc.get("kind"))) {
                assertThat(doc).containsKeys("apiVersion", "metadata");
                assertThat(map(doc, "metadata")).containsKey("name");
            }
        });
    }

    @Test
    void everyServiceHasADeploymentWithProbesResourcesAndAPodDisruptionBudget() throws IOException {
        List<Map<String, Object>> docs = allDocuments();
        for (String service : SERVICES) {
            Map<String, Object> deployment = find(docs, "Deployment", service);
            Map<String, Object> container = container(deployment);

            assertThat(path(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
            assertThat(path(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
            assertThat(path(container, "resources", "requests", "memory")).as(service).isNotNull();
            assertThat(path(container, "resources", "limits", "memory")).as(service).isNotNull();
            find(docs, "PodDisruptionBudget", service);
            find(docs, "Service", service);
        }
    }

    @Test
    void secretsComeFromSecretsNeverFromLiterals() throws IOException {
        for (String service : SERVICES) {
            List<Map<String, Object>> env = list(container(find(allDocuments(), "Deployment", service)), "env");
            env.stream()
                    .filter(e -> e.get("name").toString().matches(".*(SECRET|KEY|PASSWORD|TOKEN|KEYSET).*"))
                    .forEach(e -> assertThat(e).as(service + " " + e.get("name"))
                            .doesNotContainKey("value").containsKey("valueFrom"));
        }
    }

    @Test
    void everyTopicInTheRegistryAndItsDeadLetterTopicHasAKafkaTopic() throws IOException {
        List<Map<String, Object>> topics = allDocuments().stream()
                .filter(d -> "KafkaTopic".equals(d.get("kind"))).toList();
        for (Topic<?> topic : Topics.all()) {
            Map<String, Object> spec = topicSpec(topics, topic.name());
            assertThat(spec.get("partitions")).as(topic.name()).isEqualTo(topic.partitions());
            assertThat(path(spec, "config", "cleanup.policy")).as(topic.name()).isEqualTo(topic.cleanupPolicy());
            if (topic.retention() != null) {
                assertThat(((Number) path(spec, "config", "retention.ms")).longValue())
                        .isEqualTo(topic.retention().toMillis());
            }
            topicSpec(topics, topic.deadLetterTopic());
        }
    }

    @Test
    void kustomizationsOnlyReferenceFilesThatExist() throws IOException {
        try (Stream<Path> files = Files.walk(K8S)) {
            for (Path kustomization : files.filter(p -> p.getFileName().toString().equals("kustomization.yaml"))
                    .toList()) {
                for (Map<String, Object> doc : load(kustomization)) {
                    for (Object resource : (List<?>) doc.getOrDefault("resources", List.of())) {
                        assertThat(kustomization.getParent().resolve(resource.toString()))
                                .as(kustomization + " → " + resource).exists();
                    }
                }
            }
        }
    }

    private static Map<String, Object> topicSpec(List<Map<String, Object>> topics, String name) {
        return topics.stream().map(t -> map(t, "spec")).filter(s -> name.equals(s.get("topicName")))
                .findFirst().orElseThrow(() -> new AssertionError("no KafkaTopic for " + name));
    }

    private static Map<String, Object> container(Map<String, Object> deployment) {
        List<Map<String, Object>> containers =
                list(map(map(map(deployment, "spec"), "template"), "spec"), "containers");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static Map<String, Object> find(List<Map<String, Object>> docs, String kind, String name) {
        return docs.stream()
                .filter(d -> kind.equals(d.get("kind")) && name.equals(map(d, "metadata").get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    private static List<Map<String, Object>> allDocuments() throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(K8S)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                docs.addAll(load(file));
            }
        }
        return docs;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> load(Path file) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            for (Object doc : new Yaml().loadAll(reader)) {
                if (doc != null) {
                    docs.add((Map<String, Object>) doc);
                }
            }
        }
        return docs;
    }

    private static Object path(Map<String, Object> root, String... keys) {
        Object current = root;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.get(key);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        return (List<Map<String, Object>>) parent.getOrDefault(key, List.of());
    }
}
