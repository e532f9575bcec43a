package dev.esim.deploy;

import static dev.esim.deploy.Workload.isTrue;
import static dev.esim.deploy.Workload.orEmpty;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each workload's pods refer to exists: every ConfigMap, Secret and key they read (envFrom, valueFrom, volumes,
 * image pull secrets) is rendered, or is a documented Secret with that key ({@link ConfigSources}); their
 * ServiceAccount is rendered; a StatefulSet's governing Service is headless and selects its pods. An optional
 * reference may name what does not exist.
 */
final class ReferenceChecks {

    private ReferenceChecks() {
    }

    /** Every dangling reference of every workload; {@code documentedSecrets}: see {@link ConfigSources}. */
    static List<String> problems(List<HasMetadata> objects, Map<String, Set<String>> documentedSecrets) {
        ConfigSources sources = ConfigSources.of(objects, documentedSecrets);
        List<String> problems = new ArrayList<>();
        for (Workload workload : Workload.of(objects)) {
            for (Container container : workload.containers()) {
                checkContainer(workload.id() + " container " + container.getName(), container, sources, problems);
            }
            checkPod(workload.id(), workload.pod(), sources, problems);
            checkServiceAccount(workload, objects, problems);
            checkGoverningService(workload, objects, problems);
        }
        return problems;
    }

    /** The sources of the container's envFrom and valueFrom entries. */
    private static void checkContainer(String at, Container container, ConfigSources sources,
            List<String> problems) {
        for (EnvFromSource source : orEmpty(container.getEnvFrom())) {
            if (source.getConfigMapRef() != null && !isTrue(source.getConfigMapRef().getOptional())) {
                reference(at, "ConfigMap", sources.configMaps(), source.getConfigMapRef().getName(), null, problems);
            }
            if (source.getSecretRef() != null && !isTrue(source.getSecretRef().getOptional())) {
                reference(at, "Secret", sources.secrets(), source.getSecretRef().getName(), null, problems);
            }
        }
        for (EnvVar env : orEmpty(container.getEnv())) {
            EnvVarSource from = env.getValueFrom();
            if (from != null && from.getConfigMapKeyRef() != null
                    && !isTrue(from.getConfigMapKeyRef().getOptional())) {
                reference(at + " " + env.getName(), "ConfigMap", sources.configMaps(),
                        from.getConfigMapKeyRef().getName(), from.getConfigMapKeyRef().getKey(), problems);
            }
            if (from != null && from.getSecretKeyRef() != null
                    && !isTrue(from.getSecretKeyRef().getOptional())) {
                reference(at + " " + env.getName(), "Secret", sources.secrets(), from.getSecretKeyRef().getName(),
                        from.getSecretKeyRef().getKey(), problems);
            }
        }
    }

    /** The pod's ConfigMap and Secret volumes and its image pull secrets. */
    private static void checkPod(String id, PodSpec pod, ConfigSources sources, List<String> problems) {
        for (Volume volume : orEmpty(pod.getVolumes())) {
            if (volume.getConfigMap() != null && !isTrue(volume.getConfigMap().getOptional())) {
                reference(id + " volume " + volume.getName(), "ConfigMap", sources.configMaps(),
                        volume.getConfigMap().getName(), null, problems);
            }
            if (volume.getSecret() != null && !isTrue(volume.getSecret().getOptional())) {
                reference(id + " volume " + volume.getName(), "Secret", sources.secrets(),
                        volume.getSecret().getSecretName(), null, problems);
            }
        }
        for (LocalObjectReference pullSecret : orEmpty(pod.getImagePullSecrets())) {
            reference(id + " imagePullSecrets", "Secret", sources.secrets(), pullSecret.getName(), null, problems);
        }
    }

    private static void checkServiceAccount(Workload workload, List<HasMetadata> objects, List<String> problems) {
        String account = workload.pod().getServiceAccountName();
        if (account != null && !"default".equals(account) && objects.stream().noneMatch(
                o -> "ServiceAccount".equals(o.getKind()) && account.equals(o.getMetadata().getName()))) {
            problems.add(workload.id() + ": runs as ServiceAccount " + account + ", which is not rendered");
        }
    }

    private static void checkGoverningService(Workload workload, List<HasMetadata> objects, List<String> problems) {
        if (workload.object() instanceof StatefulSet set && set.getSpec().getServiceName() != null) {
            String governing = set.getSpec().getServiceName();
            boolean headless = objects.stream().filter(Service.class::isInstance).map(Service.class::cast)
                    .anyMatch(s -> governing.equals(s.getMetadata().getName())
                            && "None".equals(s.getSpec().getClusterIP())
                            && Workload.matches(new LabelSelector(null, s.getSpec().getSelector()),
                                    workload.podLabels()));
            if (!headless) {
                problems.add(workload.id() + ": serviceName " + governing
                        + " is no headless Service selecting its pods");
            }
        }
    }

    /** {@code key}: the key read, or null where the whole source is. */
    private static void reference(String at, String kind, Map<String, Set<String>> known, String name, String key,
            List<String> problems) {
        if (!known.containsKey(name)) {
            problems.add(at + ": " + kind + " " + name + " is neither rendered nor documented");
        } else if (key != null && !known.get(name).contains(key)) {
            problems.add(at + ": " + kind + " " + name + " has no key " + key);
        }
    }
}
