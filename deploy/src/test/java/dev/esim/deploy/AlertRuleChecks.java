package dev.esim.deploy;

import static dev.esim.deploy.Workload.orEmpty;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * PrometheusRule groups and rules as prometheus-operator and Prometheus load them: named groups, one of alert and
 * record per rule, an expression, durations in prometheus-operator's format, label names Prometheus accepts.
 */
final class AlertRuleChecks {

    /** prometheus-operator's Duration. */
    private static final Pattern DURATION = Pattern.compile(
            "0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?");
    private static final Pattern PROMETHEUS_LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private AlertRuleChecks() {
    }

    /** Every problem of every PrometheusRule. */
    static List<String> problems(List<HasMetadata> objects) {
        List<String> problems = new ArrayList<>();
        for (HasMetadata object : objects) {
            if (object instanceof PrometheusRule rule) {
                checkGroups(Workload.id(object), rule, problems);
            }
        }
        return problems;
    }

    private static void checkGroups(String id, PrometheusRule rule, List<String> problems) {
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

    private static boolean duration(String text) {
        return !text.isEmpty() && DURATION.matcher(text).matches();
    }
}
