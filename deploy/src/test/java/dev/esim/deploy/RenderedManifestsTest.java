package dev.esim.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each overlay as a cluster would receive it ({@link Kustomize}), checked the way the API server and the operators
 * would check it: every object read strictly into the model of its kind ({@link Models}: no field the schema lacks, no
 * value of the wrong type), then what the schemas require and the types cannot say ({@link ObjectChecks},
 * {@link WorkloadChecks}, {@link ReferenceChecks}, {@link SelectorChecks}, {@link PodSecurityChecks},
 * {@link AlertRuleChecks}, {@link KafkaTopicChecks}). Each test lists every problem it finds in the overlay, not just
 * the first.
 */
class RenderedManifestsTest {

    /** The Secrets the cluster's operators create, by name, with their keys: README.md's table. */
    private static final Map<String, Set<String>> DOCUMENTED_SECRETS = ConfigSources.documentedSecrets();

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
        assertThat(ObjectChecks.schema(Overlays.rendered(overlay))).as(overlay).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyNameLabelAndAnnotationHasAFormTheApiServerAccepts(String overlay) {
        assertThat(ObjectChecks.names(Overlays.typed(overlay))).as(overlay).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyWorkloadSelectsItsOwnPodsAndEveryContainerIsComplete(String overlay) {
        assertThat(WorkloadChecks.problems(Overlays.typed(overlay), DOCUMENTED_SECRETS)).as(overlay).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyReferenceNamesAnObjectTheOverlayRendersOrASecretTheReadmeDocuments(String overlay) {
        assertThat(ReferenceChecks.problems(Overlays.typed(overlay), DOCUMENTED_SECRETS)).as(overlay).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceBudgetPolicyAndMonitorFindsPodsWithThePortsItNames(String overlay) {
        assertThat(SelectorChecks.problems(Overlays.typed(overlay))).as(overlay).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyPodMeetsTheRestrictedPodSecurityStandard(String overlay) {
        assertThat(PodSecurityChecks.restricted(Overlays.typed(overlay))).as(overlay).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyContainerWithAReadOnlyRootFilesystemCanWriteTmp(String overlay) {
        assertThat(PodSecurityChecks.writableTmp(Overlays.typed(overlay))).as(overlay).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyAlertRuleAndKafkaTopicIsOneItsOperatorAccepts(String overlay) {
        List<HasMetadata> objects = Overlays.typed(overlay);

        assertThat(AlertRuleChecks.problems(objects)).as(overlay).isEmpty();
        assertThat(KafkaTopicChecks.problems(objects)).as(overlay).isEmpty();
    }
}
