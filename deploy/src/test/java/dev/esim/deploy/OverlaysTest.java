package dev.esim.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esim.events.Topics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What each overlay promises (README.md), on the objects it renders to. */
class OverlaysTest {

    private static final List<String> SERVICES =
            List.of("payment-ingress", "catalog-service", "provisioning-worker", "notification-service");

    static Stream<String> overlays() {
        return Overlays.NAMES.stream();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyObjectIsNamespacedAndInTheOverlaysNamespace(String overlay) {
        List<HasMetadata> objects = Overlays.typed(overlay);

        assertThat(objects).isNotEmpty().allSatisfy(object -> {
            assertThat(object).as(Workload.id(object)).isInstanceOf(Namespaced.class);
            assertThat(object.getMetadata().getNamespace()).as(Workload.id(object)).isEqualTo("esim-" + overlay);
        });
    }

    /** payment-ingress refuses to start when its GOV.UK Pay account's mode disagrees with the environment. */
    @ParameterizedTest
    @MethodSource("overlays")
    void theGovUkPayAccountIsLiveExactlyWhenTheEnvironmentIs(String overlay) {
        List<HasMetadata> objects = Overlays.typed(overlay);

        boolean live = "live".equals(config(objects).get("ESIM_ENVIRONMENT"));

        assertThat(env(container(objects, "payment-ingress")).get("GOVUKPAY_LIVE")).as(overlay)
                .isEqualTo(String.valueOf(live));
    }

    @Test
    void productionRunsLiveWithOneWorkerPerPaymentsPartitionAndNoSimulators() {
        List<HasMetadata> production = Overlays.typed("production");

        assertThat(config(production)).containsEntry("ESIM_ENVIRONMENT", "live")
                .hasEntrySatisfying("ESIM_KMS_KEY_URI", uri -> assertThat(uri).startsWith("aws-kms://arn:aws:kms:"));
        assertThat(env(container(production, "payment-ingress"))).containsEntry("GOVUKPAY_LIVE", "true");
        assertThat(worker(production).getSpec().getReplicas()).isEqualTo(6)
                .isEqualTo(Topics.PAYMENTS.partitions());
        assertThat(production).filteredOn(Deployment.class::isInstance).map(Deployment.class::cast)
                .allSatisfy(d -> assertThat(d.getSpec().getReplicas()).as(Workload.id(d)).isEqualTo(2));
        assertThat(Workload.of(production)).extracting(w -> w.object().getMetadata().getName())
                .as("the services, and no simulator").containsExactlyInAnyOrderElementsOf(SERVICES);
    }

    /**
     * Only the worker and notification-service hold private keysets, so only they run as identities of their own
     * (the ones allowed to decrypt with the KMS key), without an API token; production names their IAM roles.
     */
    @ParameterizedTest
    @MethodSource("overlays")
    void theKeysetHoldersRunAsServiceAccountsOfTheirOwnWithoutAnApiToken(String overlay) {
        List<HasMetadata> objects = Overlays.typed(overlay);
        Map<String, ServiceAccount> accounts = objects.stream().filter(ServiceAccount.class::isInstance)
                .map(ServiceAccount.class::cast).collect(Collectors.toMap(a -> a.getMetadata().getName(), a -> a));

        for (String holder : List.of("provisioning-worker", "notification-service")) {
            PodSpec pod = Workload.of(objects).stream()
                    .filter(w -> holder.equals(w.object().getMetadata().getName())).findFirst().orElseThrow().pod();
            assertThat(pod.getServiceAccountName()).as(holder).isEqualTo(holder);
            assertThat(pod.getAutomountServiceAccountToken()).as(holder).isFalse();
            assertThat(accounts).as(overlay).containsKey(holder);
            assertThat(accounts.get(holder).getAutomountServiceAccountToken()).isFalse();
            if ("production".equals(overlay)) {
                assertThat(accounts.get(holder).getMetadata().getAnnotations())
                        .hasEntrySatisfying("eks.amazonaws.com/role-arn",
                                arn -> assertThat(arn).startsWith("arn:aws:iam::"));
            }
        }
    }

    @Test
    void theSandboxRunsOneReplicaOfEachServiceBesideItsSimulators() {
        List<HasMetadata> sandbox = Overlays.typed("sandbox");

        assertThat(Workload.of(sandbox)).extracting(w -> w.object().getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(Stream.concat(SERVICES.stream(), Stream.of("sandbox", "mail"))
                        .toList());
        assertThat(sandbox).filteredOn(Deployment.class::isInstance).map(Deployment.class::cast)
                .allSatisfy(d -> assertThat(d.getSpec().getReplicas()).as(Workload.id(d)).isEqualTo(1));
        assertThat(worker(sandbox).getSpec().getReplicas()).isEqualTo(1);
        assertThat(config(sandbox)).containsEntry("ESIM_ENVIRONMENT", "sandbox");
    }

    /** The services reach the simulators through their Services, on ports those Services have. */
    @Test
    void theSandboxsConfigurationPointsAtTheSimulatorsServices() {
        List<HasMetadata> sandbox = Overlays.typed("sandbox");
        Map<String, String> config = config(sandbox);

        assertThat(List.of("STRIPE_API_BASE", "GOVUKPAY_API_BASE", "SIMOLOGY_BASE_URL"))
                .allSatisfy(key -> assertThat(config.get(key)).as(key).startsWith("http://sandbox:8090/"));
        assertThat(ports(sandbox, "sandbox")).contains(8090);
        assertThat(config).containsEntry("SMTP_HOST", "mail").containsEntry("SMTP_AUTH", "false");
        assertThat(ports(sandbox, "mail")).contains(Integer.valueOf(config.get("SMTP_PORT")));
    }

    /**
     * The stand-ins' webhooks and callbacks: without these the simulators post to their own defaults (localhost), and
     * a sandbox payment or eSIM order never completes.
     */
    @Test
    void theSandboxsStandInsDeliverTheirMessagesToPaymentIngress() {
        List<HasMetadata> sandbox = Overlays.typed("sandbox");

        assertThat(env(container(sandbox, "sandbox")))
                .containsEntry("SANDBOX_GATEWAY_WEBHOOK_URL", "http://payment-ingress/webhooks/stripe")
                .containsEntry("SANDBOX_GOVUKPAY_WEBHOOK_URL", "http://payment-ingress/webhooks/govukpay")
                .containsEntry("SANDBOX_PROVIDER_CALLBACK_URL", "http://payment-ingress/webhooks/providers/simology")
                .containsEntry("SANDBOX_FAILOVER_PROVIDER_CALLBACK_URL",
                        "http://payment-ingress/webhooks/providers/roamlink");
        assertThat(ports(sandbox, "payment-ingress")).contains(80);
    }

    /** As in the local stack: orders the primary cannot serve fail over to the second simulated provider. */
    @Test
    void theSandboxFailsOrdersOverToTheSecondSimulatedProvider() {
        List<HasMetadata> sandbox = Overlays.typed("sandbox");

        assertThat(env(container(sandbox, "provisioning-worker")))
                .containsEntry("ESIM_WORKER_PROVIDERS_0_NAME", "simology")
                .containsEntry("ESIM_WORKER_PROVIDERS_0_BASEURL", "http://sandbox:8090/provider/simology")
                .containsEntry("ESIM_WORKER_PROVIDERS_1_NAME", "roamlink")
                .containsEntry("ESIM_WORKER_PROVIDERS_1_BASEURL", "http://sandbox:8090/provider/roamlink")
                .containsKeys("ESIM_WORKER_PROVIDERS_0_APIKEY", "ESIM_WORKER_PROVIDERS_1_APIKEY");
        assertThat(env(container(sandbox, "catalog-service")))
                .containsEntry("ESIM_CATALOG_FAILOVERPROVIDERS_0_NAME", "roamlink")
                .containsKey("ESIM_CATALOG_FAILOVERPROVIDERS_0_APIKEY");
        assertThat(env(container(sandbox, "payment-ingress")))
                .containsEntry("ESIM_INGRESS_PROVIDERS_ROAMLINK_SCHEME", "simology")
                .containsKey("ESIM_INGRESS_PROVIDERS_ROAMLINK_SECRETS");
        assertThat(env(container(Overlays.typed("production"), "provisioning-worker")))
                .as("production configures its providers itself").doesNotContainKey("ESIM_WORKER_PROVIDERS_1_NAME");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theRenderingIsWrittenUnderTargetForPeopleToRead(String overlay) throws IOException {
        int objects = Overlays.rendered(overlay).size();

        String text = Files.readString(Path.of("target", "rendered-" + overlay + ".yaml"));

        assertThat(text.split("(?m)^---$")).hasSize(objects + 1);
        assertThat(text).contains("namespace: esim-" + overlay);
    }

    private static Map<String, String> config(List<HasMetadata> objects) {
        return objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                .filter(c -> "esim-platform-config".equals(c.getMetadata().getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap esim-platform-config")).getData();
    }

    private static StatefulSet worker(List<HasMetadata> objects) {
        return objects.stream().filter(StatefulSet.class::isInstance).map(StatefulSet.class::cast)
                .filter(s -> "provisioning-worker".equals(s.getMetadata().getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no StatefulSet provisioning-worker"));
    }

    private static Container container(List<HasMetadata> objects, String workload) {
        return Workload.of(objects).stream().filter(w -> workload.equals(w.object().getMetadata().getName()))
                .findFirst().orElseThrow(() -> new AssertionError("no workload " + workload))
                .pod().getContainers().get(0);
    }

    /** The container's literal env values (those from a source map to ""). */
    private static Map<String, String> env(Container container) {
        return container.getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, e -> e.getValue() == null ? "" : e.getValue()));
    }

    private static List<Integer> ports(List<HasMetadata> objects, String service) {
        return objects.stream().filter(Service.class::isInstance).map(Service.class::cast)
                .filter(s -> service.equals(s.getMetadata().getName()))
                .flatMap(s -> s.getSpec().getPorts().stream()).map(ServicePort::getPort).toList();
    }
}
