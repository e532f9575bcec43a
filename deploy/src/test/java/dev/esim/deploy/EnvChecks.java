package dev.esim.deploy;

import static dev.esim.deploy.Workload.blank;
import static dev.esim.deploy.Workload.orEmpty;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A container's environment as Kubernetes builds it: names, one of value and valueFrom, one source per valueFrom,
 * and every {@code $(NAME)} in a value, command or argument defined before its use (Kubernetes leaves an undefined one
 * as it is, so the process would read the literal text). Part of {@link WorkloadChecks}.
 */
final class EnvChecks {

    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
    /** {@code $(NAME)} in an env value, command or argument, which Kubernetes expands; {@code $$(NAME)} escapes. */
    private static final Pattern VARIABLE = Pattern.compile("(?<!\\$)\\$\\(([^)]*)\\)");

    private EnvChecks() {
    }

    /** The container's env problems, each prefixed with {@code at}; {@code keys}: each source's keys, by its name. */
    static void check(String at, Container container, Map<String, Set<String>> keys, List<String> problems) {
        Set<String> defined = envFrom(at, container, keys, problems);
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
            if (from != null && !oneNamedSource(from)) {
                problems.add(at + ": env " + name + " needs one source, with its name and key");
            }
            undefined(env.getValue(), defined).forEach(v -> problems.add(at + ": env " + name + " uses $(" + v
                    + "), defined nowhere before it"));
            defined.add(name);
        }
        Stream.concat(orEmpty(container.getCommand()).stream(), orEmpty(container.getArgs()).stream())
                .flatMap(argument -> undefined(argument, defined).stream())
                .forEach(v -> problems.add(at + ": the command uses $(" + v + "), which no variable defines"));
    }

    /** The variables the envFrom entries define: each key of their source, with the entry's prefix. */
    private static Set<String> envFrom(String at, Container container, Map<String, Set<String>> keys,
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
        return defined;
    }

    /** Exactly one source, and a ConfigMap or Secret key source with its name and key. */
    private static boolean oneNamedSource(EnvVarSource from) {
        long sources = Stream.of(from.getConfigMapKeyRef(), from.getSecretKeyRef(), from.getFieldRef(),
                from.getResourceFieldRef()).filter(Objects::nonNull).count();
        boolean named = from.getSecretKeyRef() == null || !blank(from.getSecretKeyRef().getName())
                && !blank(from.getSecretKeyRef().getKey());
        named &= from.getConfigMapKeyRef() == null || !blank(from.getConfigMapKeyRef().getName())
                && !blank(from.getConfigMapKeyRef().getKey());
        return sources == 1 && named;
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
}
