package dev.esim.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.CompatibilityFlags;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * What {@code kustomize build <directory>} prints, for the kustomization features this repository uses and no others.
 * Neither kustomize nor kubectl runs where the tests run, and kustomize has no Java port, so this renders the overlays
 * the way kustomize v5 does:
 * <ul>
 *     <li>{@code resources}: YAML files (every document) and directories holding a kustomization, built first;
 *     the same object twice fails, as in kustomize</li>
 *     <li>{@code configMapGenerator} with {@code behavior: merge} and {@code literals}: the literals are merged into
 *     the {@code data} of the ConfigMap of that name the resources hold, which keeps its name (kustomize adds the
 *     content hash only to ConfigMaps a generator creates, not to one it merges into a plain resource)</li>
 *     <li>{@code patches} with an inline {@code patch} and a {@code target} (kind, name, group, version; anchored
 *     regular expressions, as in kustomize): a YAML list is an RFC 6902 JSON patch, a map a strategic-merge patch of
 *     an {@code apps/v1} workload (lists merged by the Kubernetes API's merge keys, see {@link #MERGE_KEYS})</li>
 *     <li>{@code namespace}: set on every object (none of ours is cluster-scoped or refers to a namespace inside)</li>
 * </ul>
 * Generators run before patches, and patches before the namespace, in kustomize's order. Every other field, option or
 * directive fails the build naming it, so the renderer never silently renders less than kustomize would; a patch that
 * matches nothing fails too (kustomize lets it pass, but here it is always a mistake). The output keeps the order of
 * the resources (kustomize sorts by kind, which changes nothing a cluster receives).
 */
final class Kustomize {

    static final ObjectMapper JSON = new ObjectMapper();

    private static final String API_VERSION = "kustomize.config.k8s.io/v1beta1";
    private static final Set<String> FIELDS =
            Set.of("apiVersion", "kind", "resources", "namespace", "configMapGenerator", "patches");
    private static final Set<String> GENERATOR_FIELDS = Set.of("name", "behavior", "literals");
    private static final Set<String> PATCH_FIELDS = Set.of("patch", "target");
    private static final Set<String> TARGET_FIELDS = Set.of("group", "version", "kind", "name");
    private static final Set<String> STRATEGIC_MERGE_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet");

    /**
     * Kinds whose namespace kustomize handles otherwise than by setting {@code metadata.namespace}: cluster-scoped
     * objects keep none, and these also carry namespaces inside (subjects, webhook services) that it rewrites.
     */
    private static final Set<String> NOT_SIMPLY_NAMESPACED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "RoleBinding", "CustomResourceDefinition", "APIService", "MutatingWebhookConfiguration",
            "ValidatingWebhookConfiguration", "PersistentVolume", "StorageClass", "PriorityClass", "IngressClass",
            "RuntimeClass", "Node");

    /**
     * The strategic-merge rule of each list a patch may hold, by the list's path (element levels as {@code []}),
     * matched at its end: the merge key of the Kubernetes API's {@code patchMergeKey}, or {@code ""} for the lists it
     * replaces whole. A list not named here fails the build, rather than being merged by a guess.
     */
    static final Map<String, String> MERGE_KEYS = Map.ofEntries(
            Map.entry("template.spec.containers", "name"),
            Map.entry("template.spec.initContainers", "name"),
            Map.entry("template.spec.volumes", "name"),
            Map.entry("template.spec.imagePullSecrets", "name"),
            Map.entry("containers[].env", "name"),
            Map.entry("containers[].ports", "containerPort"),
            Map.entry("containers[].volumeMounts", "mountPath"),
            Map.entry("containers[].envFrom", ""),
            Map.entry("containers[].args", ""),
            Map.entry("containers[].command", ""),
            Map.entry("capabilities.drop", ""),
            Map.entry("capabilities.add", ""));

    private Kustomize() {
    }

    /** The objects {@code kustomize build directory} prints, in the order of the resources. */
    static List<ObjectNode> build(Path directory) {
        Path file = directory.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            throw new KustomizeException(directory + " has no kustomization.yaml");
        }
        List<ObjectNode> documents = load(file);
        if (documents.size() != 1) {
            throw new KustomizeException(file + " must hold one document");
        }
        ObjectNode kustomization = documents.get(0);
        only(kustomization, FIELDS, file.toString());
        if (!API_VERSION.equals(kustomization.path("apiVersion").asText())
                || !"Kustomization".equals(kustomization.path("kind").asText())) {
            throw new KustomizeException(file + " is not a " + API_VERSION + " Kustomization");
        }

        List<ObjectNode> objects = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode entry : kustomization.path("resources")) {
            Path resource = directory.resolve(entry.asText()).normalize();
            for (ObjectNode object : Files.isDirectory(resource) ? build(resource) : load(resource)) {
                if (!ids.add(id(object))) {
                    throw new KustomizeException(file + ": " + id(object) + " is already a resource");
                }
                objects.add(object);
            }
        }
        for (JsonNode generator : kustomization.path("configMapGenerator")) {
            mergeConfigMap(objects, generator, file);
        }
        for (JsonNode patch : kustomization.path("patches")) {
            patch(objects, patch, file);
        }
        if (kustomization.has("namespace")) {
            String namespace = kustomization.get("namespace").asText();
            for (ObjectNode object : objects) {
                if (NOT_SIMPLY_NAMESPACED.contains(object.path("kind").asText())) {
                    throw new KustomizeException(file + ": the namespace of a " + object.path("kind").asText()
                            + " is not supported by this renderer");
                }
                ((ObjectNode) object.get("metadata")).put("namespace", namespace);
            }
        }
        return objects;
    }

    /** Every document of a YAML file, as JSON trees; an empty document is skipped, as kustomize does. */
    static List<ObjectNode> load(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        List<ObjectNode> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            for (Object document : new Yaml(options).loadAll(reader)) {
                if (document == null) {
                    continue;
                }
                if (!(document instanceof Map<?, ?>)) {
                    throw new KustomizeException(file + " holds a document that is not a map");
                }
                ObjectNode object = JSON.valueToTree(document);
                if (!object.path("metadata").isObject() && !"Kustomization".equals(object.path("kind").asText())) {
                    throw new KustomizeException(file + " holds an object without metadata");
                }
                documents.add(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    private static void mergeConfigMap(List<ObjectNode> objects, JsonNode generator, Path file) {
        String name = generator.path("name").asText();
        String where = file + ": configMapGenerator " + name;
        only(generator, GENERATOR_FIELDS, where);
        if (!"merge".equals(generator.path("behavior").asText())) {
            // create and replace generate a ConfigMap with a content-hash suffix, and kustomize then renames every
            // reference to it: more than this renderer does
            throw new KustomizeException(where + ": only behavior: merge is supported");
        }
        List<ObjectNode> matches = objects.stream()
                .filter(o -> "ConfigMap".equals(o.path("kind").asText()) && name.equals(name(o))).toList();
        if (matches.size() != 1) {
            throw new KustomizeException(where + ": no ConfigMap " + name + " to merge into");
        }
        ObjectNode configMap = matches.get(0);
        ObjectNode data = configMap.has("data") ? (ObjectNode) configMap.get("data") : configMap.putObject("data");
        Set<String> keys = new HashSet<>();
        for (JsonNode literal : generator.path("literals")) {
            String source = literal.asText();
            int equals = source.indexOf('=');
            if (equals <= 0) {
                throw new KustomizeException(where + ": literal " + source + " is not KEY=VALUE");
            }
            String key = source.substring(0, equals);
            if (!keys.add(key)) {
                throw new KustomizeException(where + ": literal " + key + " twice");
            }
            data.put(key, unquoted(source.substring(equals + 1)));
        }
    }

    /** kustomize drops one pair of surrounding quotes from a literal's value. */
    private static String unquoted(String value) {
        if (value.length() > 1 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static void patch(List<ObjectNode> objects, JsonNode entry, Path file) {
        only(entry, PATCH_FIELDS, file + ": patch");
        JsonNode target = entry.path("target");
        if (!target.isObject() || !entry.path("patch").isTextual()) {
            throw new KustomizeException(file + ": a patch needs an inline patch and a target");
        }
        String where = file + ": patch of " + target;
        only(target, TARGET_FIELDS, where);
        Object parsed = new Yaml().load(entry.get("patch").asText());
        JsonNode patch = JSON.valueToTree(parsed);

        int matched = 0;
        for (int i = 0; i < objects.size(); i++) {
            ObjectNode object = objects.get(i);
            if (!matches(target, object)) {
                continue;
            }
            matched++;
            if (patch.isArray()) {
                objects.set(i, jsonPatch(patch, object, where));
            } else if (patch.isObject()) {
                strategicMerge(object, (ObjectNode) patch.deepCopy(), where);
            } else {
                throw new KustomizeException(where + ": the patch is neither a JSON patch nor a map");
            }
        }
        if (matched == 0) {
            throw new KustomizeException(where + " matches nothing");
        }
    }

    private static ObjectNode jsonPatch(JsonNode operations, ObjectNode object, String where) {
        try {
            // as kustomize: replacing or removing what is not there fails
            return (ObjectNode) JsonPatch.apply(operations, object,
                    EnumSet.of(CompatibilityFlags.FORBID_REMOVE_MISSING_OBJECT));
        } catch (JsonPatchException e) {
            throw new KustomizeException(where + " on " + id(object) + ": " + e.getMessage());
        }
    }

    private static boolean matches(JsonNode target, ObjectNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        return matches(target, "kind", object.path("kind").asText()) && matches(target, "name", name(object))
                && matches(target, "group", group) && matches(target, "version", version);
    }

    private static boolean matches(JsonNode target, String field, String value) {
        return !target.has(field) || Pattern.matches("(?:" + target.get(field).asText() + ")", value);
    }

    private static void strategicMerge(ObjectNode object, ObjectNode patch, String where) {
        String kind = object.path("kind").asText();
        if (!STRATEGIC_MERGE_KINDS.contains(kind) || !"apps/v1".equals(object.path("apiVersion").asText())) {
            throw new KustomizeException(where + ": strategic-merge patches of " + kind + " are not supported");
        }
        // with a target, kustomize patches every match whatever the patch's own kind and name say
        patch.remove(List.of("apiVersion", "kind"));
        if (patch.path("metadata").isObject()) {
            ((ObjectNode) patch.get("metadata")).remove("name");
        }
        mergeMap(object, patch, "", where);
    }

    private static void mergeMap(ObjectNode base, ObjectNode patch, String path, String where) {
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            String at = path.isEmpty() ? key : path + "." + key;
            if (key.startsWith("$")) {
                throw new KustomizeException(where + ": directive " + key + " at " + at + " is not supported");
            }
            JsonNode existing = base.get(key);
            if (value.isNull()) {
                base.remove(key);
            } else if (value.isObject() && existing != null && existing.isObject()) {
                mergeMap((ObjectNode) existing, (ObjectNode) value, at, where);
            } else if (value.isArray()) {
                base.set(key, mergeList(existing, (ArrayNode) value, at, where));
            } else {
                base.set(key, value);
            }
        }
    }

    private static JsonNode mergeList(JsonNode existing, ArrayNode patch, String path, String where) {
        String mergeKey = MERGE_KEYS.entrySet().stream().filter(rule -> path.endsWith(rule.getKey()))
                .map(Map.Entry::getValue).findFirst()
                .orElseThrow(() -> new KustomizeException(where + ": no strategic-merge rule for the list " + path));
        if (mergeKey.isEmpty() || existing == null || !existing.isArray()) {
            return patch;
        }
        ArrayNode merged = (ArrayNode) existing;
        for (JsonNode element : patch) {
            if (!element.path(mergeKey).isValueNode()) {
                throw new KustomizeException(where + ": an element of " + path + " without its " + mergeKey);
            }
            JsonNode same = null;
            for (JsonNode candidate : merged) {
                if (Objects.equals(candidate.get(mergeKey), element.get(mergeKey))) {
                    same = candidate;
                }
            }
            if (same == null) {
                merged.add(element);
            } else {
                mergeMap((ObjectNode) same, (ObjectNode) element, path + "[]", where);
            }
        }
        return merged;
    }

    private static void only(JsonNode node, Set<String> supported, String where) {
        node.fieldNames().forEachRemaining(field -> {
            if (!supported.contains(field)) {
                throw new KustomizeException(where + ": " + field + " is not supported by this renderer");
            }
        });
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    /** kustomize's resource id: group, kind, namespace and name (the version is not part of it). */
    static String id(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) + "/" : "";
        String namespace = object.path("metadata").path("namespace").asText();
        return group + object.path("kind").asText() + " " + (namespace.isEmpty() ? "" : namespace + "/")
                + name(object);
    }

    /** A kustomization this renderer cannot render as kustomize would. */
    static final class KustomizeException extends RuntimeException {
        KustomizeException(String message) {
            super(message);
        }
    }
}
