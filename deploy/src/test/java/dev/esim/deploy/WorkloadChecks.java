package dev.esim.deploy;

import static dev.esim.deploy.ObjectChecks.DNS_LABEL;
import static dev.esim.deploy.Workload.orEmpty;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Each workload as the API server admits it and its pods start: it selects its own pods, and each container has a
 * name and an image, valid ports, complete env entries ({@link EnvChecks}), probes with one handler on a port of the
 * container, quantities that parse with requests within limits, and mounts of volumes the pod has.
 */
final class WorkloadChecks {

    private static final Pattern PORT_NAME = Pattern.compile("(?=.{1,15}$)(?=.*[a-z])(?!.*--)[a-z0-9]([-a-z0-9]*"
            + "[a-z0-9])?");
    /** Kubernetes' quantity grammar: a number, then a binary or decimal SI suffix or a decimal exponent. */
    private static final Pattern QUANTITY =
            Pattern.compile("\\+?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][-+]?[0-9]+)?");
    private static final Pattern RESOURCE_NAME = Pattern.compile("cpu|memory|ephemeral-storage|hugepages-.+|.+/.+");

    private WorkloadChecks() {
    }

    /** Every problem of every workload; {@code documentedSecrets}: see {@link ConfigSources#documentedSecrets}. */
    static List<String> problems(List<HasMetadata> objects, Map<String, Set<String>> documentedSecrets) {
        Map<String, Set<String>> keys = ConfigSources.of(objects, documentedSecrets).keys();
        List<String> problems = new ArrayList<>();
        for (Workload workload : Workload.of(objects)) {
            checkSelector(workload, problems);
            if (orEmpty(workload.pod().getContainers()).isEmpty()) {
                problems.add(workload.id() + ": no containers");
            }
            Set<String> volumes = volumes(workload, problems);
            Set<String> containerNames = new HashSet<>();
            Set<String> portNames = new HashSet<>();
            for (Container container : workload.containers()) {
                String at = workload.id() + " container " + container.getName();
                if (container.getName() == null || !DNS_LABEL.matcher(container.getName()).matches()
                        || !containerNames.add(container.getName())) {
                    problems.add(at + ": the name is missing, not a DNS label, or taken");
                }
                checkContainer(at, container, portNames, keys, problems);
                checkMounts(at, container, volumes, problems);
            }
        }
        return problems;
    }

    private static void checkSelector(Workload workload, List<String> problems) {
        LabelSelector selector = workload.selector();
        if (selector == null || orEmpty(selector.getMatchLabels()).isEmpty()
                && orEmpty(selector.getMatchExpressions()).isEmpty()) {
            problems.add(workload.id() + ": no selector");
        } else if (!workload.selectedBy(selector)) {
            problems.add(workload.id() + ": the selector does not match the pod template's labels");
        }
    }

    /** The names of the pod's volumes, each a DNS label and given once. */
    private static Set<String> volumes(Workload workload, List<String> problems) {
        Set<String> volumes = new HashSet<>();
        for (Volume volume : orEmpty(workload.pod().getVolumes())) {
            if (volume.getName() == null || !DNS_LABEL.matcher(volume.getName()).matches()
                    || !volumes.add(volume.getName())) {
                problems.add(workload.id() + ": volume " + volume.getName() + " is unnamed, misnamed or twice");
            }
        }
        return volumes;
    }

    /** Image, ports (named apart within the pod: {@code podPortNames}), env, probes and resources. */
    private static void checkContainer(String at, Container container, Set<String> podPortNames,
            Map<String, Set<String>> keys, List<String> problems) {
        if (container.getImage() == null || container.getImage().isBlank()) {
            problems.add(at + ": no image");
        }
        for (ContainerPort port : orEmpty(container.getPorts())) {
            checkPort(at, port, podPortNames, problems);
        }
        EnvChecks.check(at, container, keys, problems);
        checkProbe(at + " readinessProbe", container.getReadinessProbe(), container, false, problems);
        checkProbe(at + " livenessProbe", container.getLivenessProbe(), container, true, problems);
        checkProbe(at + " startupProbe", container.getStartupProbe(), container, true, problems);
        checkResources(at, container.getResources(), problems);
    }

    private static void checkPort(String at, ContainerPort port, Set<String> podPortNames, List<String> problems) {
        if (port.getContainerPort() == null || port.getContainerPort() < 1 || port.getContainerPort() > 65535) {
            problems.add(at + ": containerPort " + port.getContainerPort());
        }
        if (port.getName() != null && (!PORT_NAME.matcher(port.getName()).matches()
                || !podPortNames.add(port.getName()))) {
            problems.add(at + ": port name " + port.getName() + " is no IANA service name, or taken in the pod");
        }
        if (port.getProtocol() != null && !Set.of("TCP", "UDP", "SCTP").contains(port.getProtocol())) {
            problems.add(at + ": protocol " + port.getProtocol());
        }
    }

    /** {@code once}: a liveness or startup probe, which must succeed once to count. */
    private static void checkProbe(String at, Probe probe, Container container, boolean once,
            List<String> problems) {
        if (probe == null) {
            return;
        }
        long handlers = Stream.of(probe.getExec(), probe.getHttpGet(), probe.getTcpSocket(), probe.getGrpc())
                .filter(Objects::nonNull).count();
        if (handlers != 1) {
            problems.add(at + ": needs exactly one handler");
        }
        IntOrString port = probe.getHttpGet() != null ? probe.getHttpGet().getPort()
                : probe.getTcpSocket() != null ? probe.getTcpSocket().getPort()
                : probe.getGrpc() != null ? new IntOrString(probe.getGrpc().getPort()) : null;
        if (port != null && !Workload.hasPort(orEmpty(container.getPorts()), port)) {
            problems.add(at + ": port " + port.getValue() + " is not a port of the container");
        }
        if (probe.getHttpGet() != null && probe.getHttpGet().getPath() != null
                && !probe.getHttpGet().getPath().startsWith("/")) {
            problems.add(at + ": path " + probe.getHttpGet().getPath());
        }
        if (Stream.of(probe.getPeriodSeconds(), probe.getTimeoutSeconds(), probe.getFailureThreshold(),
                probe.getSuccessThreshold()).anyMatch(n -> n != null && n < 1)
                || probe.getInitialDelaySeconds() != null && probe.getInitialDelaySeconds() < 0) {
            problems.add(at + ": a period, timeout, threshold or delay out of range");
        }
        if (once && probe.getSuccessThreshold() != null && probe.getSuccessThreshold() != 1) {
            problems.add(at + ": successThreshold must be 1");
        }
    }

    private static void checkResources(String at, ResourceRequirements resources, List<String> problems) {
        if (resources == null) {
            return;
        }
        Map<String, Quantity> requests = orEmpty(resources.getRequests());
        Map<String, Quantity> limits = orEmpty(resources.getLimits());
        Stream.concat(requests.entrySet().stream(), limits.entrySet().stream()).forEach(entry -> {
            if (!RESOURCE_NAME.matcher(entry.getKey()).matches()
                    || !QUANTITY.matcher(String.valueOf(entry.getValue())).matches()) {
                problems.add(at + ": resource " + entry.getKey() + ": " + entry.getValue() + " is no quantity");
            }
        });
        for (Map.Entry<String, Quantity> request : requests.entrySet()) {
            Quantity limit = limits.get(request.getKey());
            if (limit != null && QUANTITY.matcher(String.valueOf(limit)).matches()
                    && QUANTITY.matcher(String.valueOf(request.getValue())).matches()
                    && Quantity.getAmountInBytes(request.getValue()).compareTo(Quantity.getAmountInBytes(limit)) > 0) {
                problems.add(at + ": requests more " + request.getKey() + " than its limit");
            }
        }
    }

    /** Each mount of a volume the pod has, on an absolute path of its own. */
    private static void checkMounts(String at, Container container, Set<String> volumes, List<String> problems) {
        Set<String> mountPaths = new HashSet<>();
        for (VolumeMount mount : orEmpty(container.getVolumeMounts())) {
            if (!volumes.contains(mount.getName())) {
                problems.add(at + ": mounts volume " + mount.getName() + ", which the pod does not have");
            }
            if (mount.getMountPath() == null || !mount.getMountPath().startsWith("/")
                    || !mountPaths.add(mount.getMountPath())) {
                problems.add(at + ": mount path " + mount.getMountPath() + " is not absolute, or twice");
            }
        }
    }
}
