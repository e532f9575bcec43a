package dev.esim.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.esim.deploy.Kustomize.KustomizeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The renderer against small kustomizations: what it renders as kustomize does, and what it refuses. */
class KustomizeTest {

    private static final String HEADER = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n";

    @TempDir
    Path root;

    private Path overlay;

    @BeforeEach
    void aBaseWithAConfigMapAndTwoWorkloads() {
        write("base/kustomization.yaml", HEADER + "resources: [config.yaml, workloads.yaml]\n");
        write("base/config.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                data:
                  MODE: sandbox
                  HOST: example.org
                """);
        write("base/workloads.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: api
                spec:
                  replicas: 2
                  template:
                    spec:
                      containers:
                        - name: api
                          image: api:1
                          env:
                            - name: LIVE
                              value: "false"
                            - name: PORT
                              value: "8080"
                ---
                apiVersion: apps/v1
                kind: StatefulSet
                metadata:
                  name: worker
                spec:
                  replicas: 3
                """);
        overlay = root.resolve("overlay");
    }

    @Test
    void rendersTheBaseAndSetsTheNamespaceOnEveryObject() {
        write("overlay/kustomization.yaml", HEADER + "namespace: esim-test\nresources: [../base]\n");

        List<ObjectNode> objects = Kustomize.build(overlay);

        assertThat(objects).extracting(Kustomize::id).containsExactly("ConfigMap esim-test/settings",
                "apps/Deployment esim-test/api", "apps/StatefulSet esim-test/worker");
    }

    @Test
    void mergesGeneratorLiteralsIntoTheBaseConfigMapWhichKeepsItsName() {
        write("overlay/kustomization.yaml", HEADER + """
                resources: [../base]
                configMapGenerator:
                  - name: settings
                    behavior: merge
                    literals:
                      - MODE=live
                      - QUOTED="a=b"
                """);

        ObjectNode config = Kustomize.build(overlay).get(0);

        assertThat(Kustomize.name(config)).isEqualTo("settings");
        assertThat(config.get("data").toString())
                .isEqualTo("{\"MODE\":\"live\",\"HOST\":\"example.org\",\"QUOTED\":\"a=b\"}");
    }

    @Test
    void appliesAJsonPatchToEveryObjectTheTargetMatches() {
        write("overlay/kustomization.yaml", HEADER + """
                resources: [../base]
                patches:
                  - target:
                      kind: Deployment|StatefulSet
                    patch: |-
                      - op: replace
                        path: /spec/replicas
                        value: 1
                """);

        List<ObjectNode> objects = Kustomize.build(overlay);

        assertThat(objects.subList(1, 3)).allSatisfy(o -> assertThat(o.at("/spec/replicas").asInt()).isEqualTo(1));
    }

    @Test
    void mergesAStrategicPatchsContainersAndEnvByName() {
        write("overlay/kustomization.yaml", HEADER + """
                resources: [../base]
                patches:
                  - target:
                      kind: Deployment
                      name: api
                    patch: |-
                      apiVersion: apps/v1
                      kind: Deployment
                      metadata:
                        name: whatever-the-target-says
                      spec:
                        template:
                          spec:
                            containers:
                              - name: api
                                env:
                                  - name: LIVE
                                    value: "true"
                                  - name: EXTRA
                                    value: "1"
                """);

        ObjectNode api = Kustomize.build(overlay).get(1);

        assertThat(Kustomize.name(api)).isEqualTo("api");
        assertThat(api.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("api:1");
        assertThat(api.at("/spec/template/spec/containers/0/env").toString()).isEqualTo("[{\"name\":\"LIVE\","
                + "\"value\":\"true\"},{\"name\":\"PORT\",\"value\":\"8080\"},{\"name\":\"EXTRA\",\"value\":\"1\"}]");
    }

    /** Each of these is something kustomize would render and this renderer does not: it must say so, not skip it. */
    @ParameterizedTest
    @ValueSource(strings = {
        "resources: [../base]\nimages: [{name: api, newTag: '2'}]\n",
        "resources: [../base]\ncommonLabels: {team: esim}\n",
        "resources: [../base]\nreplicas: [{name: api, count: 3}]\n",
        "resources: [../base]\nconfigMapGenerator: [{name: other, literals: [A=b]}]\n",
        "resources: [../base]\nconfigMapGenerator: [{name: settings, behavior: merge, envs: [x.env]}]\n",
        "resources: [../base]\npatches: [{path: patch.yaml}]\n",
        "resources: [../base]\npatches: [{target: {labelSelector: a=b}, patch: '[]'}]\n",
        "resources: [../base]\npatches: [{target: {kind: ConfigMap}, patch: 'data: {A: b}'}]\n",
        "resources: [../base]\npatches: [{target: {kind: Deployment}, patch: 'spec: {template: {spec: "
                + "{tolerations: [{key: a}]}}}'}]\n",
        "resources: [../base]\npatches: [{target: {kind: Deployment}, patch: 'spec: {$patch: replace}'}]\n",
        "resources: [../base]\npatches: [{target: {kind: Deployment}, patch: '[{op: replace, path: /spec/paused, "
                + "value: true}]'}]\n",
        "resources: [../base]\npatches: [{target: {kind: Job}, patch: '[{op: remove, path: /spec}]'}]\n",
        "resources: [../base, ../base/config.yaml]\n",
    })
    void refusesWhatItCannotRenderAsKustomizeWould(String kustomization) {
        write("overlay/kustomization.yaml", HEADER + kustomization);

        assertThatThrownBy(() -> Kustomize.build(overlay)).isInstanceOf(KustomizeException.class)
                .hasMessageContaining("overlay");
    }

    @Test
    void namesTheFieldItDoesNotSupport() {
        write("overlay/kustomization.yaml", HEADER + "resources: [../base]\nnamePrefix: test-\n");

        assertThatThrownBy(() -> Kustomize.build(overlay)).isInstanceOf(KustomizeException.class)
                .hasMessageEndingWith("namePrefix is not supported by this renderer");
    }

    private void write(String file, String text) {
        try {
            Path path = root.resolve(file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
