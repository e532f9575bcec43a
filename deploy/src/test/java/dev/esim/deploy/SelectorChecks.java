package dev.esim.deploy;

import static dev.esim.deploy.ObjectChecks.DNS_LABEL;
import static dev.esim.deploy.Workload.orEmpty;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMetricsEndpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The objects that act on pods by selecting them — Services, PodDisruptionBudgets, NetworkPolicies, PodMonitors —
 * select some, and those pods have the ports they name; Service ports are in range and, several, named apart.
 */
final class SelectorChecks {

    private SelectorChecks() {
    }

    /** Every problem of every selecting object. */
    static List<String> problems(List<HasMetadata> objects) {
        List<Workload> workloads = Workload.of(objects);
        List<String> problems = new ArrayList<>();
        for (HasMetadata object : objects) {
            String id = Workload.id(object);
            if (object instanceof Service service && !"ExternalName".equals(service.getSpec().getType())) {
                checkService(id, service, workloads, problems);
            } else if (object instanceof PodDisruptionBudget budget) {
                selected(workloads, budget.getSpec().getSelector(), id, problems);
                if ((budget.getSpec().getMinAvailable() == null) == (budget.getSpec().getMaxUnavailable() == null)) {
                    problems.add(id + ": needs exactly one of minAvailable and maxUnavailable");
                }
            } else if (object instanceof NetworkPolicy policy) {
                checkPolicy(id, policy, workloads, problems);
            } else if (object instanceof PodMonitor monitor) {
                checkMonitor(id, monitor, workloads, problems);
            }
        }
        return problems;
    }

    private static void checkService(String id, Service service, List<Workload> workloads, List<String> problems) {
        Map<String, String> selector = orEmpty(service.getSpec().getSelector());
        List<Workload> selected = selected(workloads, selector.isEmpty() ? null : new LabelSelector(null, selector),
                id, problems);
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
            IntOrString target = port.getTargetPort() != null ? port.getTargetPort() : new IntOrString(port.getPort());
            requirePort(id, target, selected, true, problems);
        }
    }

    /** A port a rule names must be on one of the selected pods at least; a port number is not checked. */
    private static void checkPolicy(String id, NetworkPolicy policy, List<Workload> workloads, List<String> problems) {
        List<Workload> selected = selected(workloads, policy.getSpec().getPodSelector(), id, problems);
        Stream.concat(
                orEmpty(policy.getSpec().getIngress()).stream().flatMap(r -> orEmpty(r.getPorts()).stream()),
                orEmpty(policy.getSpec().getEgress()).stream().flatMap(r -> orEmpty(r.getPorts()).stream()))
                .map(NetworkPolicyPort::getPort).filter(p -> p != null && p.getStrVal() != null)
                .forEach(port -> requirePort(id, port, selected, false, problems));
        orEmpty(policy.getSpec().getPolicyTypes()).stream().filter(t -> !Set.of("Ingress", "Egress").contains(t))
                .forEach(t -> problems.add(id + ": policy type " + t));
    }

    private static void checkMonitor(String id, PodMonitor monitor, List<Workload> workloads, List<String> problems) {
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
}
