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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    void everyServiceHasAWorkloadWithProbesResourcesAndAPodDisruptionBudget() throws IOException {
        List<Map<String, Object>> docs = allDocuments();
        for (String service : SERVICES) {
            Map<String, Object> container = container(workload(docs, service));

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
            List<Map<String, Object>> env = list(container(workload(allDocuments(), service)), "env");
            env.stream()
                    .filter(e -> e.get("name").toString().matches(".*(SECRET|KEY|PASSWORD|TOKEN|KEYSET).*"))
                    .forEach(e -> assertThat(e).as(service + " " + e.get("name"))
                            .doesNotContainKey("value").containsKey("valueFrom"));
        }
    }

    /**
     * Placeholders whose default is right in every environment; every other {@code ${NAME:default}} of a service's
     * application.yml names a laptop's value (localhost, a sandbox secret, default credentials, plaintext SMTP) or
     * nothing, and must be set by the service's Deployment.
     */
    private static final Map<String, String> SAFE_DEFAULTS = Map.of(
            "PORT", "the container port, set alongside anyway",
            "MANAGEMENT_PORT", "the actuator port the probes use",
            "LOG_FORMAT", "JSON lines, what the log shipper reads",
            "HOSTNAME", "set by Kubernetes to the pod name",
            "INGRESS_MAX_BODY_SIZE", "a limit, not an address",
            "RECONCILIATION_ENABLED", "on by default, as production wants",
            "SIMOLOGY_CALLS_PER_SECOND", "the provider's published limit");

    @Test
    void everyDeploymentSetsEveryVariableItsServiceReadsUnlessItsDefaultIsSafeEverywhere() throws IOException {
        List<Map<String, Object>> docs = allDocuments();
        Map<String, Object> shared = map(find(docs, "ConfigMap", "esim-platform-config"), "data");
        Map<String, Set<String>> unset = new TreeMap<>();
        for (String service : SERVICES) {
            Map<String, Object> container = container(workload(docs, service));
            Set<String> provided = new TreeSet<>(shared.keySet());
            list(container, "env").forEach(e -> provided.add(e.get("name").toString()));

            Set<String> missing = new TreeSet<>(placeholders(Path.of("..", service, "src", "main", "resources",
                    "application.yml")));
            missing.removeAll(provided);
            missing.removeAll(SAFE_DEFAULTS.keySet());

            if (!missing.isEmpty()) {
                unset.put(service, missing);
            }
        }
        assertThat(unset).as("variables a service reads but its Deployment does not set").isEmpty();
    }

    /** The environment variables a Spring configuration file reads: {@code ${NAME}} or {@code ${NAME:default}}. */
    private static Set<String> placeholders(Path file) throws IOException {
        Matcher matcher = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]").matcher(Files.readString(file));
        Set<String> names = new TreeSet<>();
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        assertThat(names).as("placeholders in " + file).isNotEmpty();
        return names;
    }

    @Test
    void everyPodRunsAsNonRootOnAReadOnlyFilesystemWithoutCapabilities() throws IOException {
        List<Map<String, Object>> workloads = allDocuments().stream()
                .filter(d -> WORKLOAD_KINDS.contains(d.get("kind"))).toList();
        assertThat(workloads).hasSizeGreaterThanOrEqualTo(SERVICES.size());
        for (Map<String, Object> workload : workloads) {
            String name = map(workload, "metadata").get("name").toString();
            Map<String, Object> pod = map(map(map(workload, "spec"), "template"), "spec");
            Map<String, Object> container = container(workload);

            assertThat(path(pod, "securityContext", "runAsNonRoot")).as(name).isEqualTo(true);
            assertThat(path(container, "securityContext", "readOnlyRootFilesystem")).as(name).isEqualTo(true);
            assertThat(path(container, "securityContext", "allowPrivilegeEscalation")).as(name).isEqualTo(false);
            assertThat(path(container, "securityContext", "capabilities", "drop")).as(name)
                    .isEqualTo(List.of("ALL"));
        }
    }

    /**
     * The worker's transactional id is its pod name: only a StatefulSet keeps that name for a replacement pod, which
     * then fences the transaction its predecessor left open.
     */
    @Test
    void theWorkerIsAStatefulSetWhosePodNameIsItsTransactionalIdPrefix() throws IOException {
        Map<String, Object> worker = find(allDocuments(), "StatefulSet", "provisioning-worker");

        assertThat(path(worker, "spec", "serviceName")).isEqualTo("provisioning-worker");
        assertThat(Files.readString(Path.of("..", "provisioning-worker", "src", "main", "resources",
                "application.yml"))).contains("transaction-id-prefix: provisioning-worker-${HOSTNAME:local}-");
        assertThat(list(container(worker), "env")).noneMatch(e -> "HOSTNAME".equals(e.get("name")));
    }

    @Test
    void onlyTheSandboxOverlayBringsTheSimulators() throws IOException {
        List<Map<String, Object>> sandbox = load(K8S.resolve("overlays/sandbox/sandbox.yaml"));
        assertThat(sandbox).anyMatch(d -> "Deployment".equals(d.get("kind"))
                && "sandbox".equals(map(d, "metadata").get("name")));
        for (Path overlay : List.of(K8S.resolve("base/kustomization.yaml"),
                K8S.resolve("overlays/production/kustomization.yaml"))) {
            assertThat(Files.readString(overlay)).as(overlay.toString()).doesNotContain("sandbox.yaml");
        }
        Map<String, Object> shared = map(find(load(K8S.resolve("base/configmap.yaml")), "ConfigMap",
                "esim-platform-config"), "data");
        assertThat(shared.values()).as("the base (production) configuration names no local or sandbox host")
                .noneMatch(v -> v.toString().matches("(?i).*(localhost|127\\.0\\.0\\.1|sandbox:).*"));
    }

    @Test
    void theClustersAlertRulesAreTheOnesPromtoolTests() throws IOException {
        Map<String, Object> rule = find(allDocuments(), "PrometheusRule", "esim-platform");

        assertThat(path(rule, "spec", "groups"))
                .isEqualTo(load(Path.of("monitoring", "alerts.yaml")).get(0).get("groups"));
    }

    @Test
    void prometheusScrapesEveryServiceOnAPortItHas() throws IOException {
        List<Map<String, Object>> docs = allDocuments();
        List<Map<String, Object>> monitors = docs.stream().filter(d -> "PodMonitor".equals(d.get("kind"))).toList();
        for (String service : SERVICES) {
            Map<String, Object> monitor = monitors.stream()
                    .filter(m -> ((List<?>) ((Map<?, ?>) list(map(map(m, "spec"), "selector"), "matchExpressions")
                            .get(0)).get("values")).contains(service))
                    .findFirst().orElseThrow(() -> new AssertionError("no PodMonitor scrapes " + service));
            Object port = list(map(monitor, "spec"), "podMetricsEndpoints").get(0).get("port");
            assertThat(list(container(workload(docs, service)), "ports")).as(service)
                    .anyMatch(p -> port.equals(p.get("name")));
        }
    }

    @Test
    void onlyThePublicApisAcceptConnectionsFromAnywhere() throws IOException {
        List<Map<String, Object>> docs = allDocuments();
        Map<String, Object> deny = find(docs, "NetworkPolicy", "default-deny-ingress");
        Map<String, Object> open = find(docs, "NetworkPolicy", "public-apis");

        assertThat(path(deny, "spec", "podSelector")).isEqualTo(Map.of());
        assertThat(path(deny, "spec", "policyTypes")).isEqualTo(List.of("Ingress"));
        assertThat(((Map<?, ?>) list(map(map(open, "spec"), "podSelector"), "matchExpressions").get(0))
                .get("values")).isEqualTo(List.of("payment-ingress", "catalog-service"));
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
            Map<String, Object> deadLetters = topicSpec(topics, topic.deadLetterTopic());
            assertThat(((Number) path(deadLetters, "config", "retention.ms")).longValue())
                    .as(topic.deadLetterTopic()).isEqualTo(Topic.DEAD_LETTER_RETENTION.toMillis());
        }
        Map<String, Object> shared = map(find(allDocuments(), "ConfigMap", "esim-platform-config"), "data");
        assertThat(shared).as("the services' own topic declarations stay off in a cluster")
                .containsEntry("SPRING_KAFKA_ADMIN_AUTOCREATE", "false");
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

    private static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet");

    /** The service's Deployment, or its StatefulSet. */
    private static Map<String, Object> workload(List<Map<String, Object>> docs, String name) {
        return docs.stream()
                .filter(d -> WORKLOAD_KINDS.contains(d.get("kind")) && name.equals(map(d, "metadata").get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no Deployment or StatefulSet " + name));
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
