package dev.esim.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** Reading objects into their models refuses what the API server's strict validation refuses. */
class ModelsTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: api}
            spec:
              selector: {matchLabels: {app: api}}
              template:
                metadata: {labels: {app: api}}
                spec:
                  containers:
                    - name: api
                      image: api:1
            """;
    private static final String TOPIC = """
            apiVersion: kafka.strimzi.io/v1beta2
            kind: KafkaTopic
            metadata: {name: orders}
            spec:
              partitions: 6
              replicas: 3
            """;
    private static final String POD_MONITOR = """
            apiVersion: monitoring.coreos.com/v1
            kind: PodMonitor
            metadata: {name: api}
            spec:
              selector: {matchLabels: {app: api}}
              podMetricsEndpoints:
                - port: management
            """;

    @Test
    void readsEachKindIntoItsOwnModel() {
        assertThat(Models.read(object(DEPLOYMENT))).isInstanceOf(Deployment.class);
        assertThat(Models.read(object(TOPIC))).isInstanceOf(KafkaTopic.class);
        assertThat(Models.read(object(POD_MONITOR))).isInstanceOf(PodMonitor.class);
    }

    @Test
    void aFieldTheSchemaLacksFailsWithItsPathAtAnyDepth() {
        assertThatThrownBy(() -> Models.read(object(DEPLOYMENT + "          imagePullPolicyy: Always\n")))
                .hasMessageContaining(".spec.template.spec.containers[0].imagePullPolicyy")
                .hasMessageContaining("Unrecognized field");
        assertThatThrownBy(() -> Models.read(object(DEPLOYMENT.replace("metadata: {name: api}",
                "metadata: {name: api, label: {app: api}}")))).hasMessageContaining(".metadata.label");
        assertThatThrownBy(() -> Models.read(object(TOPIC + "  partition: 3\n")))
                .hasMessageContaining(".spec.partition");
        assertThatThrownBy(() -> Models.read(object(POD_MONITOR + "      pathh: /metrics\n")))
                .hasMessageContaining(".spec.podMetricsEndpoints[0].pathh");
    }

    @Test
    void aValueOfTheWrongJsonTypeFails() {
        assertThatThrownBy(() -> Models.read(object(DEPLOYMENT + "          ports: [{containerPort: '8080'}]\n")))
                .hasMessageContaining(".spec.template.spec.containers[0].ports[0].containerPort");
        assertThatThrownBy(() -> Models.read(object(DEPLOYMENT + "          env: [{name: LIVE, value: true}]\n")))
                .hasMessageContaining(".spec.template.spec.containers[0].env[0].value");
        assertThatThrownBy(() -> Models.read(object(DEPLOYMENT.replace("spec:\n  selector",
                "spec:\n  replicas: 1.5\n  selector")))).hasMessageContaining(".spec.replicas");
        assertThatThrownBy(() -> Models.read(object(TOPIC.replace("partitions: 6", "partitions: '6'"))))
                .hasMessageContaining(".spec.partitions");
    }

    @Test
    void aKindWithoutAModelFailsNamingIt() {
        assertThatThrownBy(() -> Models.read(object("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n")))
                .hasMessageContaining("no model for example.com/v1 Widget");
        assertThatThrownBy(() -> Models.read(object(TOPIC.replace("v1beta2", "v1alpha9"))))
                .hasMessageContaining("no model for kafka.strimzi.io/v1alpha9 KafkaTopic");
    }

    private static ObjectNode object(String yaml) {
        return Kustomize.JSON.valueToTree(new Yaml().load(yaml));
    }
}
