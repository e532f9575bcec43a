package dev.esim.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each overlay as a cluster would receive it ({@link Kustomize}), checked the way the API server and the operators
 * would check it: every object read strictly into the model of its kind ({@link Models}: no field the schema lacks, no
 * value of the wrong type), then what the schemas require and the types cannot say ({@link ManifestChecks}). Each
 * test lists every problem it finds in the overlay, not just the first.
 */
class RenderedManifestsTest {

    /** The Secrets the cluster's operators create, by name, with their keys: README.md's table. */
    private static final Map<String, Set<String>> DOCUMENTED_SECRETS =
            ManifestChecks.documentedSecrets(Path.of("README.md"));

    static Stream<String> overlays() {
        return Overlays.NAMES.stream();
    }

    @Test
    void theReadmeDocumentsEachServicesSecretWithItsKeys() {
        assertThat(DOCUMENTED_SECRETS).containsOnlyKeys("payment-ingress-secrets", "catalog-service-secrets",
                "provisioning-worker-secrets", "notification-service-secrets");
        assertThat(DOCUMENTED_SECRETS.get("provisioning-worker-secrets"))
                .containsExactlyInAnyOrder("SIMOLOGY_API_KEY", "ESIM_ACTIVATION_KEYSET", "DB_PASSWORD",
                        "ROAMLINK_API_KEY");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyObjectReadsIntoTheModelOfItsKindWithoutAFieldTheSchemaLacks(String overlay) {
        assertThat(ManifestChecks.schema(Overlays.rendered(overlay))).as(overlay).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyNameLabelAndAnnotationHasAFormTheApiServerAccepts(String overlay) {
        assertThat(ManifestChecks.names(Overlays.typed(overlay))).as(overlay).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyWorkloadSelectsItsOwnPodsAndEveryContainerIsComplete(String overlay) {
        assertThat(ManifestChecks.workloads(Overlays.typed(overlay), DOCUMENTED_SECRETS)).as(overlay).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyReferenceNamesAnObjectTheOverlayRendersOrASecretTheReadmeDocuments(String overlay) {
        assertThat(ManifestChecks.references(Overlays.typed(overlay), DOCUMENTED_SECRETS)).as(overlay).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceBudgetPolicyAndMonitorFindsPodsWithThePortsItNames(String overlay) {
        assertThat(ManifestChecks.selectors(Overlays.typed(overlay))).as(overlay).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyPodMeetsTheRestrictedPodSecurityStandard(String overlay) {
        assertThat(ManifestChecks.restrictedPodSecurity(Overlays.typed(overlay))).as(overlay).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyContainerWithAReadOnlyRootFilesystemCanWriteTmp(String overlay) {
        assertThat(ManifestChecks.writableTmp(Overlays.typed(overlay))).as(overlay).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyAlertRuleAndKafkaTopicIsOneItsOperatorAccepts(String overlay) {
        assertThat(ManifestChecks.rulesAndTopics(Overlays.typed(overlay))).as(overlay).isEmpty();
    }
}
