package dev.esim.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each check finds what it is there to find: the sandbox's rendering, which passes them all, broken in the ways each
 * check names.
 */
class BrokenManifestsTest {

    private static final Map<String, Set<String>> DOCUMENTED = ConfigSources.documentedSecrets();

    private final List<ObjectNode> sandbox = Overlays.rendered("sandbox");

    @Test
    void theSchemaCheckNamesEveryObjectItsModelRefuses() {
        container("Deployment", "sandbox").put("imagePullPolicyy", "Always");
        ((ObjectNode) find("Service", "mail").at("/spec/ports/0")).put("port", "1025");

        List<String> problems = ObjectChecks.schema(sandbox);

        assertThat(problems).hasSize(2).anySatisfy(p -> assertThat(p)
                .contains("apps/Deployment esim-sandbox/sandbox at .spec.template.spec.containers[0].imagePullPolicyy"))
                .anySatisfy(p -> assertThat(p).contains("Service esim-sandbox/mail at .spec.ports[0].port"));
    }

    @Test
    void findsContainersThatWouldNotStartOrNotBecomeReady() {
        ObjectNode ingress = container("Deployment", "payment-ingress");
        ingress.remove("image");
        ((ObjectNode) ingress.at("/readinessProbe/httpGet")).put("port", "admin");
        ((ObjectNode) ingress.at("/resources/limits")).put("memory", "512MB");
        ((ObjectNode) ingress.at("/volumeMounts/0")).put("name", "cache");
        ((ObjectNode) ingress.at("/env/0")).put("value", "8080").putObject("valueFrom");
        ObjectNode catalog = container("Deployment", "catalog-service");
        ((ObjectNode) catalog.at("/resources/limits")).put("cpu", "100m");
        ((ObjectNode) catalog.at("/env/2")).put("value", "jdbc:postgresql://$(POSTGRES_HOSTNAME):5432/catalog");
        ((ObjectNode) find("StatefulSet", "provisioning-worker").at("/spec/selector/matchLabels"))
                .put("app.kubernetes.io/name", "worker");

        String problems = String.join("\n", WorkloadChecks.problems(typed(), DOCUMENTED));

        assertThat(problems).contains("Deployment payment-ingress container payment-ingress: no image",
                "payment-ingress readinessProbe: port admin is not a port of the container",
                "payment-ingress: resource memory: 512MB is no quantity",
                "payment-ingress: mounts volume cache, which the pod does not have",
                "payment-ingress: env PORT needs exactly one of value and valueFrom",
                "catalog-service: requests more cpu than its limit",
                "catalog-service: env DB_URL uses $(POSTGRES_HOSTNAME), defined nowhere before it",
                "StatefulSet provisioning-worker: the selector does not match the pod template's labels");
    }

    @Test
    void findsReferencesToObjectsNeitherRenderedNorDocumented() {
        ObjectNode ingress = container("Deployment", "payment-ingress");
        ((ObjectNode) ingress.at("/envFrom/0/configMapRef")).put("name", "esim-config");
        ((ObjectNode) ingress.at("/env/2/valueFrom/secretKeyRef")).put("name", "payment-ingress-secret");
        ((ObjectNode) ingress.at("/env/3/valueFrom/secretKeyRef")).put("key", "STRIPE_KEY");
        ((ObjectNode) find("StatefulSet", "provisioning-worker").get("spec")).put("serviceName", "workers");

        String problems = String.join("\n", ReferenceChecks.problems(typed(), DOCUMENTED));

        assertThat(problems).contains("payment-ingress: ConfigMap esim-config is neither rendered nor documented",
                "Secret payment-ingress-secret is neither rendered nor documented",
                "Secret payment-ingress-secrets has no key STRIPE_KEY",
                "StatefulSet provisioning-worker: serviceName workers is no headless Service selecting its pods");
    }

    @Test
    void findsSelectorsThatMissTheirPodsOrThePortsTheyName() {
        ((ObjectNode) find("Service", "payment-ingress").at("/spec/ports/0")).put("targetPort", "web");
        ((ObjectNode) find("PodMonitor", "esim-management-ports").at("/spec/podMetricsEndpoints/0"))
                .put("port", "metrics");
        ((ObjectNode) find("PodDisruptionBudget", "catalog-service").at("/spec/selector/matchLabels"))
                .put("app.kubernetes.io/name", "catalog");
        ((ObjectNode) find("NetworkPolicy", "metrics-from-monitoring").at("/spec/ingress/0/ports/0"))
                .put("port", "admin");

        String problems = String.join("\n", SelectorChecks.problems(typed()));

        assertThat(problems).contains("Service payment-ingress: port web is not a port of [Deployment payment-ingress]",
                "PodMonitor esim-management-ports: port metrics is not a port of",
                "PodDisruptionBudget catalog-service: selects no pods",
                "NetworkPolicy metrics-from-monitoring: port admin is not a port of");
    }

    @Test
    void findsPodsBelowTheRestrictedPodSecurityStandard() {
        ObjectNode sandboxPod = pod("Deployment", "sandbox");
        ((ObjectNode) sandboxPod.get("securityContext")).remove("seccompProfile");
        ((ArrayNode) sandboxPod.get("volumes")).addObject().put("name", "host").putObject("hostPath")
                .put("path", "/var/run");
        ObjectNode context = (ObjectNode) container("Deployment", "mail").get("securityContext");
        context.put("allowPrivilegeEscalation", true);
        ((ObjectNode) context.get("capabilities")).putArray("add").add("SYS_ADMIN");

        String problems = String.join("\n", PodSecurityChecks.restricted(typed()));

        assertThat(problems).contains("Deployment sandbox container sandbox: no RuntimeDefault or Localhost seccomp",
                "Deployment sandbox: volume host is a hostPath",
                "Deployment mail container mailpit: allowPrivilegeEscalation is not false",
                "Deployment mail container mailpit: capabilities must drop ALL and add at most NET_BIND_SERVICE");
    }

    @Test
    void findsAContainerWithAReadOnlyRootFilesystemAndNoWritableTmp() {
        container("Deployment", "notification-service").remove("volumeMounts");

        assertThat(PodSecurityChecks.writableTmp(typed()))
                .containsExactly("Deployment notification-service container notification-service: no writable /tmp");
    }

    @Test
    void findsAlertRulesAndTopicsTheOperatorsWouldRefuse() {
        ObjectNode rule = (ObjectNode) find("PrometheusRule", "esim-platform").at("/spec/groups/0/rules/0");
        rule.put("for", "10 minutes");
        rule.put("record", "webhook:rejections:ratio");
        ObjectNode topic = find("KafkaTopic", "esim-orders-v1");
        ((ObjectNode) topic.at("/metadata/labels")).remove("strimzi.io/cluster");
        ((ObjectNode) topic.at("/spec/config")).put("min.insync.replicas", 4);

        List<HasMetadata> objects = typed();

        assertThat(String.join("\n", AlertRuleChecks.problems(objects))).contains(
                "group esim-ingress: a rule needs exactly one of alert and record",
                "WebhookRejectionRateHigh: duration 10 minutes");
        assertThat(String.join("\n", KafkaTopicChecks.problems(objects))).contains(
                "KafkaTopic esim-orders-v1: no strimzi.io/cluster label",
                "KafkaTopic esim-orders-v1: min.insync.replicas above replicas");
    }

    @Test
    void findsNamesAndLabelsTheApiServerWouldRefuse() {
        ((ObjectNode) find("Service", "mail").get("metadata")).put("name", "Mail_Catcher");
        ((ObjectNode) find("ConfigMap", "esim-platform-config").at("/metadata")).putObject("labels")
                .put("owner", "the platform team");

        String problems = String.join("\n", ObjectChecks.names(typed()));

        assertThat(problems).contains("Service Mail_Catcher: the name is not a DNS label",
                "ConfigMap esim-platform-config: label owner=the platform team");
    }

    private ObjectNode find(String kind, String name) {
        return sandbox.stream().filter(o -> kind.equals(o.path("kind").asText()) && name.equals(Kustomize.name(o)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    private ObjectNode pod(String kind, String name) {
        return (ObjectNode) find(kind, name).at("/spec/template/spec");
    }

    private ObjectNode container(String kind, String name) {
        return (ObjectNode) pod(kind, name).at("/containers/0");
    }

    private List<HasMetadata> typed() {
        return sandbox.stream().map(Models::read).toList();
    }
}
