package dev.esim.deploy;

import static dev.esim.deploy.Workload.orEmpty;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMetricsEndpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.topic.KafkaTopicSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the API server and the operators would refuse, or accept and then fail on, in a set of rendered objects —
 * beyond what reading them into their models ({@link Models}) already refuses: names and formats, complete
 * containers, probes on ports the container has, quantities that parse, selectors that find the pods with the ports
 * they name, references to objects the set holds or to documented Secrets, the restricted Pod Security Standard.
 * Each check returns every problem it finds, each naming its object, so one run lists them all.
 */
final class ManifestChecks {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("(?=.{1,253}$)" + DNS_LABEL + "(\\." + DNS_LABEL
            + ")*");
    private static final Pattern QUALIFIED_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]");
    private static final Pattern PORT_NAME = Pattern.compile("(?=.{1,15}$)(?=.*[a-z])(?!.*--)[a-z0-9]([-a-z0-9]*"
            + "[a-z0-9])?");
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
    private static final Pattern CONFIG_KEY = Pattern.compile("[-._a-zA-Z0-9]{1,253}");
    /** Kubernetes' quantity grammar: a number, then a binary or decimal SI suffix or a decimal exponent. */
    private static final Pattern QUANTITY =
            Pattern.compile("\\+?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][-+]?[0-9]+)?");
    private static final Pattern RESOURCE_NAME = Pattern.compile("cpu|memory|ephemeral-storage|hugepages-.+|.+/.+");
    /** {@code $(NAME)} in an env value, command or argument, which Kubernetes expands; {@code $$(NAME)} escapes. */
    private static final Pattern VARIABLE = Pattern.compile("(?<!\\$)\\$\\(([^)]*)\\)");
    /** prometheus-operator's Duration. */
    private static final Pattern DURATION = Pattern.compile(
            "0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?");
    private static final Pattern PROMETHEUS_LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern KAFKA_TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    /** The volume types the restricted Pod Security Standard allows. */
    private static final Set<String> RESTRICTED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
            "ephemeral", "persistentVolumeClaim", "projected", "secret");

    private ManifestChecks() {
    }

    /** Every object read into its model ({@link Models#read}); a problem per object it refuses. */
    static List<String> schema(List<ObjectNode> rendered) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode object : rendered) {
            try {
                Models.read(object);
            } catch (AssertionError e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }

    /** Names, namespaces, label and annotation keys, label values and ConfigMap keys in the API server's formats. */
    static List<String> names(List<HasMetadata> objects) {
        List<String> problems = new ArrayList<>();
        for (HasMetadata object : objects) {
            String id = Workload.id(object);
            String name = object.getMetadata().getName();
            if (name == null || !(object instanceof Service ? DNS_1035_LABEL : DNS_SUBDOMAIN).matcher(name).matches()) {
                problems.add(id + ": the name is not a DNS " + (object instanceof Service ? "label" : "subdomain"));
            }
            String namespace = object.getMetadata().getNamespace();
            if (namespace != null && !DNS_LABEL.matcher(namespace).matches()) {
                problems.add(id + ": namespace " + namespace + " is not a DNS label");
            }
            orEmpty(object.getMetadata().getLabels()).forEach((key, value) -> {
                if (!qualifiedName(key) || !value.isEmpty() && !QUALIFIED_NAME.matcher(value).matches()) {
                    problems.add(id + ": label " + key + "=" + value);
                }
            });
            orEmpty(object.getMetadata().getAnnotations()).keySet().stream().filter(key -> !qualifiedName(key))
                    .forEach(key -> problems.add(id + ": annotation " + key));
            if (object instanceof ConfigMap configMap) {
                orEmpty(configMap.getData()).keySet().stream().filter(key -> !CONFIG_KEY.matcher(key).matches())
                        .forEach(key -> problems.add(id + ": key " + key));
            }
        }
        for (Workload workload : Workload.of(objects)) {
            workload.podLabels().forEach((key, value) -> {
                if (!qualifiedName(key) || !value.isEmpty() && !QUALIFIED_NAME.matcher(value).matches()) {
                    problems.add(workload.id() + ": pod label " + key + "=" + value);
                }
            });
        }
        return problems;
    }

    /**
     * Each workload selects its own pods; each container has a name and an image, valid ports, complete env entries
     * (see {@link #checkEnv}), probes with one handler on a port of the container, quantities that parse with
     * requests within limits, and mounts of volumes the pod has.
     */
    static List<String> workloads(List<HasMetadata> objects, Map<String, Set<String>> documentedSecrets) {
        Map<String, Set<String>> keys = configMapKeys(objects);
        keys.putAll(secretKeys(objects, documentedSecrets));
        List<String> problems = new ArrayList<>();
        for (Workload workload : Workload.of(objects)) {
            String id = workload.id();
            LabelSelector selector = workload.selector();
            if (selector == null || orEmpty(selector.getMatchLabels()).isEmpty()
                    && orEmpty(selector.getMatchExpressions()).isEmpty()) {
                problems.add(id + ": no selector");
            } else if (!workload.selectedBy(selector)) {
                problems.add(id + ": the selector does not match the pod template's labels");
            }
            if (orEmpty(workload.pod().getContainers()).isEmpty()) {
                problems.add(id + ": no containers");
            }
            Set<String> volumes = new HashSet<>();
            for (Volume volume : orEmpty(workload.pod().getVolumes())) {
                if (volume.getName() == null || !DNS_LABEL.matcher(volume.getName()).matches()
                        || !volumes.add(volume.getName())) {
                    problems.add(id + ": volume " + volume.getName() + " is unnamed, misnamed or twice");
                }
            }
            Set<String> containerNames = new HashSet<>();
            Set<String> portNames = new HashSet<>();
            for (Container container : workload.containers()) {
                String at = id + " container " + container.getName();
                if (container.getName() == null || !DNS_LABEL.matcher(container.getName()).matches()
                        || !containerNames.add(container.getName())) {
                    problems.add(at + ": the name is missing, not a DNS label, or taken");
                }
                if (container.getImage() == null || container.getImage().isBlank()) {
                    problems.add(at + ": no image");
                }
                for (ContainerPort port : orEmpty(container.getPorts())) {
                    checkPort(at, port, portNames, problems);
                }
                checkEnv(at, container, keys, problems);
                checkProbe(at + " readinessProbe", container.getReadinessProbe(), container, false, problems);
                checkProbe(at + " livenessProbe", container.getLivenessProbe(), container, true, problems);
                checkProbe(at + " startupProbe", container.getStartupProbe(), container, true, problems);
                checkResources(at, container.getResources(), problems);
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
        return problems;
    }

    /**
     * Every ConfigMap, Secret and key a pod reads (envFrom, valueFrom, volumes, image pull secrets) is rendered, or is
     * a documented Secret with that key; a ServiceAccount is rendered; a StatefulSet's governing Service is headless
     * and selects its pods.
     */
    static List<String> references(List<HasMetadata> objects, Map<String, Set<String>> documentedSecrets) {
        Map<String, Set<String>> configMaps = configMapKeys(objects);
        Map<String, Set<String>> secrets = secretKeys(objects, documentedSecrets);
        List<String> problems = new ArrayList<>();
        for (Workload workload : Workload.of(objects)) {
            String id = workload.id();
            for (Container container : workload.containers()) {
                String at = id + " container " + container.getName();
                for (EnvFromSource source : orEmpty(container.getEnvFrom())) {
                    if (source.getConfigMapRef() != null && !isTrue(source.getConfigMapRef().getOptional())) {
                        reference(at, "ConfigMap", configMaps, source.getConfigMapRef().getName(), null, problems);
                    }
                    if (source.getSecretRef() != null && !isTrue(source.getSecretRef().getOptional())) {
                        reference(at, "Secret", secrets, source.getSecretRef().getName(), null, problems);
                    }
                }
                for (EnvVar env : orEmpty(container.getEnv())) {
                    EnvVarSource from = env.getValueFrom();
                    if (from != null && from.getConfigMapKeyRef() != null
                            && !isTrue(from.getConfigMapKeyRef().getOptional())) {
                        reference(at + " " + env.getName(), "ConfigMap", configMaps,
                                from.getConfigMapKeyRef().getName(), from.getConfigMapKeyRef().getKey(), problems);
                    }
                    if (from != null && from.getSecretKeyRef() != null
                            && !isTrue(from.getSecretKeyRef().getOptional())) {
                        reference(at + " " + env.getName(), "Secret", secrets, from.getSecretKeyRef().getName(),
                                from.getSecretKeyRef().getKey(), problems);
                    }
                }
            }
            PodSpec pod = workload.pod();
            for (Volume volume : orEmpty(pod.getVolumes())) {
                if (volume.getConfigMap() != null && !isTrue(volume.getConfigMap().getOptional())) {
                    reference(id + " volume " + volume.getName(), "ConfigMap", configMaps,
                            volume.getConfigMap().getName(), null, problems);
                }
                if (volume.getSecret() != null && !isTrue(volume.getSecret().getOptional())) {
                    reference(id + " volume " + volume.getName(), "Secret", secrets,
                            volume.getSecret().getSecretName(), null, problems);
                }
            }
            for (LocalObjectReference pullSecret : orEmpty(pod.getImagePullSecrets())) {
                reference(id + " imagePullSecrets", "Secret", secrets, pullSecret.getName(), null, problems);
            }
            String account = pod.getServiceAccountName();
            if (account != null && !"default".equals(account) && objects.stream().noneMatch(
                    o -> "ServiceAccount".equals(o.getKind()) && account.equals(o.getMetadata().getName()))) {
                problems.add(id + ": runs as ServiceAccount " + account + ", which is not rendered");
            }
            if (workload.object() instanceof StatefulSet set && set.getSpec().getServiceName() != null) {
                String governing = set.getSpec().getServiceName();
                boolean headless = objects.stream().filter(Service.class::isInstance).map(Service.class::cast)
                        .anyMatch(s -> governing.equals(s.getMetadata().getName())
                                && "None".equals(s.getSpec().getClusterIP())
                                && Workload.matches(new LabelSelector(null, s.getSpec().getSelector()),
                                        workload.podLabels()));
                if (!headless) {
                    problems.add(id + ": serviceName " + governing + " is no headless Service selecting its pods");
                }
            }
        }
        return problems;
    }

    /**
     * Services, PodDisruptionBudgets, NetworkPolicies and PodMonitors select pods, and those pods have the ports they
     * name; Service ports are in range and, several, named apart.
     */
    static List<String> selectors(List<HasMetadata> objects) {
        List<Workload> workloads = Workload.of(objects);
        List<String> problems = new ArrayList<>();
        for (HasMetadata object : objects) {
            String id = Workload.id(object);
            if (object instanceof Service service && !"ExternalName".equals(service.getSpec().getType())) {
                Map<String, String> selector = orEmpty(service.getSpec().getSelector());
                List<Workload> selected = selected(workloads, selector.isEmpty() ? null
                        : new LabelSelector(null, selector), id, problems);
                List<ServicePort> ports = orEmpty(service.getSpec().getPorts());
                Set<String> names = new HashSet<>();
                for (ServicePort port : ports) {
                    if (port.getPort() == null || port.getPort() < 1 || port.getPort() > 65535) {
                        problems.add(id + ": port " + port.getPort());
                    }
                    if (ports.size() > 1 && (port.getName() == null || !DNS_LABEL.matcher(port.getName()).matches()
                            || !names.add(port.getName()))) {
                        problems.add(id + ": port " + port.getPort() + " needs a name of its own");
                    }
                    IntOrString target = port.getTargetPort() != null ? port.getTargetPort()
                            : new IntOrString(port.getPort());
                    requirePort(id, target, selected, true, problems);
                }
            } else if (object instanceof PodDisruptionBudget budget) {
                selected(workloads, budget.getSpec().getSelector(), id, problems);
                if ((budget.getSpec().getMinAvailable() == null) == (budget.getSpec().getMaxUnavailable() == null)) {
                    problems.add(id + ": needs exactly one of minAvailable and maxUnavailable");
                }
            } else if (object instanceof NetworkPolicy policy) {
                List<Workload> selected = selected(workloads, policy.getSpec().getPodSelector(), id, problems);
                Stream.concat(
                        orEmpty(policy.getSpec().getIngress()).stream().flatMap(r -> orEmpty(r.getPorts()).stream()),
                        orEmpty(policy.getSpec().getEgress()).stream().flatMap(r -> orEmpty(r.getPorts()).stream()))
                        .map(NetworkPolicyPort::getPort).filter(p -> p != null && p.getStrVal() != null)
                        .forEach(port -> requirePort(id, port, selected, false, problems));
                orEmpty(policy.getSpec().getPolicyTypes()).stream().filter(t -> !Set.of("Ingress", "Egress")
                        .contains(t)).forEach(t -> problems.add(id + ": policy type " + t));
            } else if (object instanceof PodMonitor monitor) {
                List<Workload> selected = selected(workloads, monitor.getSpec().getSelector(), id, problems);
                for (PodMetricsEndpoint endpoint : orEmpty(monitor.getSpec().getPodMetricsEndpoints())) {
                    IntOrString port = endpoint.getPort() != null ? new IntOrString(endpoint.getPort())
                            : endpoint.getPortNumber() != null ? new IntOrString(endpoint.getPortNumber())
                            : endpoint.getTargetPort();
                    if (port == null) {
                        problems.add(id + ": an endpoint names no port");
                    } else {
                        requirePort(id, port, selected, true, problems);
                    }
                }
            }
        }
        return problems;
    }

    /**
     * The restricted Pod Security Standard, as a namespace enforcing it admits pods: no host namespaces or host
     * ports, allowed volume types only, no privilege escalation, non-root, a RuntimeDefault or Localhost seccomp
     * profile, every capability dropped and at most NET_BIND_SERVICE added.
     */
    static List<String> restrictedPodSecurity(List<HasMetadata> objects) {
        List<String> problems = new ArrayList<>();
        for (Workload workload : Workload.of(objects)) {
            String id = workload.id();
            PodSpec pod = workload.pod();
            PodSecurityContext podContext = pod.getSecurityContext() == null ? new PodSecurityContext()
                    : pod.getSecurityContext();
            if (isTrue(pod.getHostNetwork()) || isTrue(pod.getHostPID()) || isTrue(pod.getHostIPC())) {
                problems.add(id + ": shares a host namespace");
            }
            for (Volume volume : orEmpty(pod.getVolumes())) {
                Map<String, Object> fields = Kustomize.JSON.convertValue(volume,
                        new TypeReference<Map<String, Object>>() { });
                fields.keySet().stream().filter(type -> !"name".equals(type) && !RESTRICTED_VOLUMES.contains(type))
                        .forEach(type -> problems.add(id + ": volume " + volume.getName() + " is a " + type));
            }
            for (Container container : workload.containers()) {
                String at = id + " container " + container.getName();
                SecurityContext context = container.getSecurityContext() == null ? new SecurityContext()
                        : container.getSecurityContext();
                if (isTrue(context.getPrivileged())) {
                    problems.add(at + ": privileged");
                }
                if (!Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
                    problems.add(at + ": allowPrivilegeEscalation is not false");
                }
                Boolean nonRoot = context.getRunAsNonRoot() != null ? context.getRunAsNonRoot()
                        : podContext.getRunAsNonRoot();
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

    /**
     * PrometheusRule groups and rules as prometheus-operator and Prometheus load them (one of alert and record, an
     * expression, durations, label names); KafkaTopics as Strimzi's topic operator takes them (a cluster label, a
     * topic name Kafka accepts, partitions and replicas in range, scalar config, min.insync.replicas reachable).
     */
    static List<String> rulesAndTopics(List<HasMetadata> objects) {
        List<String> problems = new ArrayList<>();
        for (HasMetadata object : objects) {
            String id = Workload.id(object);
            if (object instanceof PrometheusRule rule) {
                List<RuleGroup> groups = rule.getSpec() == null ? List.of() : orEmpty(rule.getSpec().getGroups());
                Set<String> groupNames = new HashSet<>();
                if (groups.isEmpty()) {
                    problems.add(id + ": no groups");
                }
                for (RuleGroup group : groups) {
                    String at = id + " group " + group.getName();
                    if (group.getName() == null || group.getName().isBlank() || !groupNames.add(group.getName())) {
                        problems.add(at + ": unnamed, or the name is taken");
                    }
                    if (group.getInterval() != null && !duration(group.getInterval())) {
                        problems.add(at + ": interval " + group.getInterval());
                    }
                    for (Rule each : orEmpty(group.getRules())) {
                        checkRule(at, each, problems);
                    }
                }
            } else if (object instanceof KafkaTopic topic) {
                checkTopic(id, topic, problems);
            }
        }
        return problems;
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

    /**
     * Names, one of value and valueFrom, one source per valueFrom, and every {@code $(NAME)} defined before its use
     * (Kubernetes leaves an undefined one as it is, so the process would read the literal text).
     */
    private static void checkEnv(String at, Container container, Map<String, Set<String>> keys,
            List<String> problems) {
        Set<String> defined = new HashSet<>();
        for (EnvFromSource source : orEmpty(container.getEnvFrom())) {
            if ((source.getConfigMapRef() == null) == (source.getSecretRef() == null)) {
                problems.add(at + ": an envFrom entry needs exactly one of configMapRef and secretRef");
                continue;
            }
            String name = source.getConfigMapRef() != null ? source.getConfigMapRef().getName()
                    : source.getSecretRef().getName();
            String prefix = source.getPrefix() == null ? "" : source.getPrefix();
            keys.getOrDefault(name, Set.of()).forEach(key -> defined.add(prefix + key));
        }
        Set<String> names = new HashSet<>();
        for (EnvVar env : orEmpty(container.getEnv())) {
            String name = env.getName();
            if (name == null || !ENV_NAME.matcher(name).matches() || !names.add(name)) {
                problems.add(at + ": env " + name + " is unnamed, misnamed or set twice");
            }
            EnvVarSource from = env.getValueFrom();
            if ((env.getValue() == null) == (from == null)) {
                problems.add(at + ": env " + name + " needs exactly one of value and valueFrom");
            }
            if (from != null) {
                long sources = Stream.of(from.getConfigMapKeyRef(), from.getSecretKeyRef(), from.getFieldRef(),
                        from.getResourceFieldRef()).filter(Objects::nonNull).count();
                boolean named = from.getSecretKeyRef() == null || !blank(from.getSecretKeyRef().getName())
                        && !blank(from.getSecretKeyRef().getKey());
                named &= from.getConfigMapKeyRef() == null || !blank(from.getConfigMapKeyRef().getName())
                        && !blank(from.getConfigMapKeyRef().getKey());
                if (sources != 1 || !named) {
                    problems.add(at + ": env " + name + " needs one source, with its name and key");
                }
            }
            undefined(env.getValue(), defined).forEach(v -> problems.add(at + ": env " + name + " uses $(" + v
                    + "), defined nowhere before it"));
            defined.add(name);
        }
        Stream.concat(orEmpty(container.getCommand()).stream(), orEmpty(container.getArgs()).stream())
                .flatMap(argument -> undefined(argument, defined).stream())
                .forEach(v -> problems.add(at + ": the command uses $(" + v + "), which no variable defines"));
    }

    private static List<String> undefined(String text, Set<String> defined) {
        List<String> names = new ArrayList<>();
        if (text != null) {
            Matcher matcher = VARIABLE.matcher(text);
            while (matcher.find()) {
                if (!defined.contains(matcher.group(1))) {
                    names.add(matcher.group(1));
                }
            }
        }
        return names;
    }

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
        if (port != null && orEmpty(container.getPorts()).stream().noneMatch(p -> port.getStrVal() != null
                ? port.getStrVal().equals(p.getName()) : Objects.equals(port.getIntVal(), p.getContainerPort()))) {
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

    private static void checkRule(String at, Rule rule, List<String> problems) {
        String name = rule.getAlert() != null ? rule.getAlert() : rule.getRecord();
        if ((rule.getAlert() == null) == (rule.getRecord() == null)) {
            problems.add(at + ": a rule needs exactly one of alert and record");
        }
        if (rule.getRecord() != null && !METRIC_NAME.matcher(rule.getRecord()).matches()) {
            problems.add(at + " " + name + ": record is no metric name");
        }
        if (rule.getExpr() == null || rule.getExpr().getStrVal() != null && rule.getExpr().getStrVal().isBlank()) {
            problems.add(at + " " + name + ": no expr");
        }
        for (String duration : Stream.of(rule.getFor(), rule.getKeepFiringFor()).filter(Objects::nonNull).toList()) {
            if (!duration(duration)) {
                problems.add(at + " " + name + ": duration " + duration);
            }
        }
        orEmpty(rule.getLabels()).keySet().stream().filter(label -> !PROMETHEUS_LABEL.matcher(label).matches())
                .forEach(label -> problems.add(at + " " + name + ": label " + label));
        if (rule.getRecord() != null && rule.getAnnotations() != null && !rule.getAnnotations().isEmpty()) {
            problems.add(at + " " + name + ": a recording rule has no annotations");
        }
    }

    private static void checkTopic(String id, KafkaTopic topic, List<String> problems) {
        if (blank(orEmpty(topic.getMetadata().getLabels()).get("strimzi.io/cluster"))) {
            problems.add(id + ": no strimzi.io/cluster label, so no cluster's topic operator takes it");
        }
        KafkaTopicSpec spec = topic.getSpec();
        if (spec == null) {
            problems.add(id + ": no spec");
            return;
        }
        String name = spec.getTopicName() != null ? spec.getTopicName() : topic.getMetadata().getName();
        if (!KAFKA_TOPIC.matcher(name).matches() || ".".equals(name) || "..".equals(name)) {
            problems.add(id + ": " + name + " is no Kafka topic name");
        }
        if (spec.getPartitions() != null && spec.getPartitions() < 1
                || spec.getReplicas() != null && (spec.getReplicas() < 1 || spec.getReplicas() > Short.MAX_VALUE)) {
            problems.add(id + ": partitions or replicas out of range");
        }
        Map<String, Object> config = orEmpty(spec.getConfig());
        config.forEach((key, value) -> {
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                problems.add(id + ": config " + key + " is not a string, number or boolean");
            }
        });
        Object minInSync = config.get("min.insync.replicas");
        if (minInSync instanceof Number n && spec.getReplicas() != null && n.intValue() > spec.getReplicas()) {
            problems.add(id + ": min.insync.replicas above replicas: no write could ever succeed");
        }
    }

    /** The workloads the selector picks; none is a problem (the object would act on nothing). */
    private static List<Workload> selected(List<Workload> workloads, LabelSelector selector, String id,
            List<String> problems) {
        List<Workload> selected = workloads.stream().filter(w -> w.selectedBy(selector)).toList();
        if (selected.isEmpty()) {
            problems.add(id + ": selects no pods");
        }
        return selected;
    }

    /**
     * The port must be on the selected pods: on each of them where a pod without it is silently left out (a Service's
     * endpoints, a PodMonitor's targets), on one at least where a named port only narrows a rule (NetworkPolicy).
     */
    private static void requirePort(String id, IntOrString port, List<Workload> selected, boolean onEach,
            List<String> problems) {
        if (selected.isEmpty()) {
            return;
        }
        List<String> without = selected.stream().filter(w -> !w.hasPort(port)).map(Workload::id).toList();
        if (onEach ? !without.isEmpty() : without.size() == selected.size()) {
            problems.add(id + ": port " + port.getValue() + " is not a port of " + without);
        }
    }

    private static void reference(String at, String kind, Map<String, Set<String>> known, String name, String key,
            List<String> problems) {
        if (!known.containsKey(name)) {
            problems.add(at + ": " + kind + " " + name + " is neither rendered nor documented");
        } else if (key != null && !known.get(name).contains(key)) {
            problems.add(at + ": " + kind + " " + name + " has no key " + key);
        }
    }

    private static Map<String, Set<String>> configMapKeys(List<HasMetadata> objects) {
        Map<String, Set<String>> keys = new HashMap<>();
        objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast).forEach(c -> keys.put(
                c.getMetadata().getName(), new TreeSet<>(Stream.concat(orEmpty(c.getData()).keySet().stream(),
                        orEmpty(c.getBinaryData()).keySet().stream()).toList())));
        return keys;
    }

    /** The Secrets the objects hold and the documented ones (which the cluster's operators create). */
    private static Map<String, Set<String>> secretKeys(List<HasMetadata> objects,
            Map<String, Set<String>> documentedSecrets) {
        Map<String, Set<String>> keys = new HashMap<>(documentedSecrets);
        objects.stream().filter(Secret.class::isInstance).map(Secret.class::cast).forEach(s -> keys.put(
                s.getMetadata().getName(), new TreeSet<>(Stream.concat(orEmpty(s.getData()).keySet().stream(),
                        orEmpty(s.getStringData()).keySet().stream()).toList())));
        return keys;
    }

    /** README.md's table of Secrets: a header {@code | Secret | keys |}, then {@code | `name` | `KEY` (note), … |}. */
    static Map<String, Set<String>> documentedSecrets(Path readme) {
        Map<String, Set<String>> secrets = new TreeMap<>();
        Pattern row = Pattern.compile("\\s*\\|\\s*`([a-z0-9-]+)`\\s*\\|(.*)\\|\\s*");
        Pattern key = Pattern.compile("`([A-Z][A-Z0-9_]*)`");
        boolean inTable = false;
        try {
            for (String line : Files.readAllLines(readme)) {
                if (line.matches("\\s*\\|\\s*Secret\\s*\\|\\s*keys\\s*\\|\\s*")) {
                    inTable = true;
                    continue;
                }
                if (inTable && !line.strip().startsWith("|")) {
                    break;
                }
                Matcher matcher = row.matcher(line);
                if (inTable && matcher.matches()) {
                    Set<String> keys = new TreeSet<>();
                    Matcher keyMatcher = key.matcher(matcher.group(2));
                    while (keyMatcher.find()) {
                        keys.add(keyMatcher.group(1));
                    }
                    secrets.put(matcher.group(1), keys);
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return secrets;
    }

    private static boolean qualifiedName(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? QUALIFIED_NAME.matcher(key).matches()
                : DNS_SUBDOMAIN.matcher(key.substring(0, slash)).matches()
                        && QUALIFIED_NAME.matcher(key.substring(slash + 1)).matches();
    }

    private static boolean duration(String text) {
        return !text.isEmpty() && DURATION.matcher(text).matches();
    }

    private static boolean isTrue(Boolean value) {
        return Boolean.TRUE.equals(value);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
