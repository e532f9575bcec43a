package dev.esim.deploy;

import static dev.esim.deploy.Workload.orEmpty;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The ConfigMaps and Secrets a pod may read, by name, with their keys: those the objects hold, and the Secrets the
 * cluster's operators create, which README.md documents in its table of Secrets.
 */
record ConfigSources(Map<String, Set<String>> configMaps, Map<String, Set<String>> secrets) {

    private static final Path README = Path.of("README.md");

    /** The rendered ConfigMaps; the rendered Secrets and the documented ones. */
    static ConfigSources of(List<HasMetadata> objects, Map<String, Set<String>> documentedSecrets) {
        Map<String, Set<String>> configMaps = new HashMap<>();
        objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast).forEach(c -> configMaps.put(
                c.getMetadata().getName(), new TreeSet<>(Stream.concat(orEmpty(c.getData()).keySet().stream(),
                        orEmpty(c.getBinaryData()).keySet().stream()).toList())));
        Map<String, Set<String>> secrets = new HashMap<>(documentedSecrets);
        objects.stream().filter(Secret.class::isInstance).map(Secret.class::cast).forEach(s -> secrets.put(
                s.getMetadata().getName(), new TreeSet<>(Stream.concat(orEmpty(s.getData()).keySet().stream(),
                        orEmpty(s.getStringData()).keySet().stream()).toList())));
        return new ConfigSources(configMaps, secrets);
    }

    /** Every source's keys by its name, a Secret's where a ConfigMap has the same name: what env entries may read. */
    Map<String, Set<String>> keys() {
        Map<String, Set<String>> keys = new HashMap<>(configMaps);
        keys.putAll(secrets);
        return keys;
    }

    /**
     * README.md's table of Secrets, by name, with their keys: a header {@code | Secret | keys |}, then
     * {@code | `name` | `KEY` (note), … |}.
     */
    static Map<String, Set<String>> documentedSecrets() {
        Map<String, Set<String>> secrets = new TreeMap<>();
        Pattern row = Pattern.compile("\\s*\\|\\s*`([a-z0-9-]+)`\\s*\\|(.*)\\|\\s*");
        Pattern key = Pattern.compile("`([A-Z][A-Z0-9_]*)`");
        boolean inTable = false;
        try {
            for (String line : Files.readAllLines(README)) {
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
}
