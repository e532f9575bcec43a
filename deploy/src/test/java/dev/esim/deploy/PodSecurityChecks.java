package dev.esim.deploy;

import static dev.esim.deploy.Workload.isTrue;
import static dev.esim.deploy.Workload.orEmpty;

import com.fasterxml.jackson.core.type.TypeReference;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each pod may do on its node: the restricted Pod Security Standard, and a writable {@code /tmp} for a container
 * whose root filesystem is read-only.
 */
final class PodSecurityChecks {

    /** The volume types the restricted Pod Security Standard allows. */
    private static final Set<String> RESTRICTED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
            "ephemeral", "persistentVolumeClaim", "projected", "secret");

    private PodSecurityChecks() {
    }

    /**
     * The restricted Pod Security Standard, as a namespace enforcing it admits pods: no host namespaces or host
     * ports, allowed volume types only, no privilege escalation, non-root, a RuntimeDefault or Localhost seccomp
     * profile, every capability dropped and at most NET_BIND_SERVICE added.
     */
    static List<String> restricted(List<HasMetadata> objects) {
        List<String> problems = new ArrayList<>();
        for (Workload workload : Workload.of(objects)) {
            PodSpec pod = workload.pod();
            checkPod(workload.id(), pod, problems);
            PodSecurityContext podContext = pod.getSecurityContext() == null ? new PodSecurityContext()
                    : pod.getSecurityContext();
            for (Container container : workload.containers()) {
                checkContainer(workload.id() + " container " + container.getName(), container, podContext, problems);
            }
        }
        return problems;
    }

    /**
     * A read-only root filesystem leaves the process nowhere to write its temporary files (the JVM's, Netty's native
     * libraries, Mailpit's database), so such a container needs an emptyDir on /tmp or it fails at start.
     */
    static List<String> writableTmp(List<HasMetadata> objects) {
        List<String> problems = new ArrayList<>();
        for (Workload workload : Workload.of(objects)) {
            Set<String> emptyDirs = new HashSet<>();
            orEmpty(workload.pod().getVolumes()).stream().filter(v -> v.getEmptyDir() != null)
                    .forEach(v -> emptyDirs.add(v.getName()));
            for (Container container : workload.containers()) {
                boolean readOnly = container.getSecurityContext() != null
                        && isTrue(container.getSecurityContext().getReadOnlyRootFilesystem());
                boolean tmp = orEmpty(container.getVolumeMounts()).stream().anyMatch(m -> "/tmp".equals(
                        m.getMountPath()) && emptyDirs.contains(m.getName()) && !isTrue(m.getReadOnly()));
                if (readOnly && !tmp) {
                    problems.add(workload.id() + " container " + container.getName() + ": no writable /tmp");
                }
            }
        }
        return problems;
    }

    /** No host namespace, and volumes of the allowed types only. */
    private static void checkPod(String id, PodSpec pod, List<String> problems) {
        if (isTrue(pod.getHostNetwork()) || isTrue(pod.getHostPID()) || isTrue(pod.getHostIPC())) {
            problems.add(id + ": shares a host namespace");
        }
        for (Volume volume : orEmpty(pod.getVolumes())) {
            Map<String, Object> fields = Kustomize.JSON.convertValue(volume,
                    new TypeReference<Map<String, Object>>() { });
            fields.keySet().stream().filter(type -> !"name".equals(type) && !RESTRICTED_VOLUMES.contains(type))
                    .forEach(type -> problems.add(id + ": volume " + volume.getName() + " is a " + type));
        }
    }

    /** The container's security context, falling back to the pod's where the standard lets it; no host port. */
    private static void checkContainer(String at, Container container, PodSecurityContext podContext,
            List<String> problems) {
        SecurityContext context = container.getSecurityContext() == null ? new SecurityContext()
                : container.getSecurityContext();
        if (isTrue(context.getPrivileged())) {
            problems.add(at + ": privileged");
        }
        if (!Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
            problems.add(at + ": allowPrivilegeEscalation is not false");
        }
        Boolean nonRoot = context.getRunAsNonRoot() != null ? context.getRunAsNonRoot() : podContext.getRunAsNonRoot();
        if (!isTrue(nonRoot)) {
            problems.add(at + ": runAsNonRoot is not true");
        }
        Long user = context.getRunAsUser() != null ? context.getRunAsUser() : podContext.getRunAsUser();
        if (user != null && user == 0) {
            problems.add(at + ": runs as uid 0");
        }
        SeccompProfile seccomp = context.getSeccompProfile() != null ? context.getSeccompProfile()
                : podContext.getSeccompProfile();
        if (seccomp == null || !Set.of("RuntimeDefault", "Localhost").contains(seccomp.getType())) {
            problems.add(at + ": no RuntimeDefault or Localhost seccomp profile");
        }
        List<String> drop = context.getCapabilities() == null ? List.of()
                : orEmpty(context.getCapabilities().getDrop());
        List<String> add = context.getCapabilities() == null ? List.of()
                : orEmpty(context.getCapabilities().getAdd());
        if (!drop.contains("ALL") || !Set.of("NET_BIND_SERVICE").containsAll(add)) {
            problems.add(at + ": capabilities must drop ALL and add at most NET_BIND_SERVICE");
        }
        orEmpty(container.getPorts()).stream().filter(p -> p.getHostPort() != null && p.getHostPort() != 0)
                .forEach(p -> problems.add(at + ": host port " + p.getHostPort()));
    }
}
