package dev.esim.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/** An object that runs pods, with its selector and pod template. */
record Workload(HasMetadata object, LabelSelector selector, PodTemplateSpec template) {

    /** Kinds that run pods and that {@link #of} does not take apart: one of these fails rather than go unchecked. */
    private static final Set<String> OTHER_POD_KINDS =
            Set.of("Pod", "Job", "CronJob", "ReplicationController", "PodTemplate");

    /** The workloads among the objects; a kind that runs pods but is not taken apart here fails. */
    static List<Workload> of(List<HasMetadata> objects) {
        List<Workload> workloads = new ArrayList<>();
        for (HasMetadata object : objects) {
            if (object instanceof Deployment d && d.getSpec() != null) {
                workloads.add(new Workload(d, d.getSpec().getSelector(), d.getSpec().getTemplate()));
            } else if (object instanceof StatefulSet s && s.getSpec() != null) {
                workloads.add(new Workload(s, s.getSpec().getSelector(), s.getSpec().getTemplate()));
            } else if (object instanceof DaemonSet s && s.getSpec() != null) {
                workloads.add(new Workload(s, s.getSpec().getSelector(), s.getSpec().getTemplate()));
            } else if (object instanceof ReplicaSet s && s.getSpec() != null) {
                workloads.add(new Workload(s, s.getSpec().getSelector(), s.getSpec().getTemplate()));
            } else if (OTHER_POD_KINDS.contains(object.getKind())) {
                throw new AssertionError(id(object) + ": the checks do not take a " + object.getKind() + " apart yet");
            }
        }
        return workloads;
    }

    String id() {
        return id(object);
    }

    static String id(HasMetadata object) {
        return object.getKind() + " " + object.getMetadata().getName();
    }

    PodSpec pod() {
        return template == null || template.getSpec() == null ? new PodSpec() : template.getSpec();
    }

    Map<String, String> podLabels() {
        return template == null || template.getMetadata() == null ? Map.of()
                : orEmpty(template.getMetadata().getLabels());
    }

    /** Every container, init containers included. */
    List<Container> containers() {
        return Stream.concat(orEmpty(pod().getInitContainers()).stream(), orEmpty(pod().getContainers()).stream())
                .toList();
    }

    List<ContainerPort> ports() {
        return containers().stream().flatMap(c -> orEmpty(c.getPorts()).stream()).toList();
    }

    /** Whether some container of the pod has the port, by name or by number. */
    boolean hasPort(IntOrString port) {
        return hasPort(ports(), port);
    }

    /** Whether one of the ports is the port, by name or by number. */
    static boolean hasPort(List<ContainerPort> ports, IntOrString port) {
        return port != null && ports.stream().anyMatch(p -> port.getStrVal() != null
                ? port.getStrVal().equals(p.getName()) : Objects.equals(port.getIntVal(), p.getContainerPort()));
    }

    boolean selectedBy(LabelSelector selector) {
        return matches(selector, podLabels());
    }

    /** Kubernetes' label selector semantics; an empty selector selects everything, a missing one nothing. */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        for (Map.Entry<String, String> label : orEmpty(selector.getMatchLabels()).entrySet()) {
            if (!label.getValue().equals(labels.get(label.getKey()))) {
                return false;
            }
        }
        for (LabelSelectorRequirement requirement : orEmpty(selector.getMatchExpressions())) {
            String value = labels.get(requirement.getKey());
            List<String> values = orEmpty(requirement.getValues());
            boolean holds = switch (requirement.getOperator()) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new AssertionError("selector operator " + requirement.getOperator());
            };
            if (!holds) {
                return false;
            }
        }
        return true;
    }

    static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }

    /** Whether an optional flag is set: an absent one is not. */
    static boolean isTrue(Boolean value) {
        return Boolean.TRUE.equals(value);
    }

    static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
