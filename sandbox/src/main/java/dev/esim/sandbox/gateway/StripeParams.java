package dev.esim.sandbox.gateway;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stripe's request encoding decoded: {@code application/x-www-form-urlencoded} (or the query string of a GET) whose
 * keys use bracket notation — {@code line_items[0][price_data][unit_amount]=1499}, {@code metadata[order_id]=…},
 * {@code expand[]=line_items}, {@code created[gte]=…} — into nested maps and lists. Spring parses the form itself,
 * but only flat; stripe-java's {@code FormEncoder} writes this shape, so this is the inverse of it.
 */
final class StripeParams {

    private final Map<String, Object> root;

    private StripeParams(Map<String, Object> root) {
        this.root = root;
    }

    static StripeParams decode(Map<String, ? extends Collection<String>> flat) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Map.Entry<String, ? extends Collection<String>> e : flat.entrySet()) {
            for (String value : e.getValue()) {
                put(root, segments(e.getKey()), value);
            }
        }
        return new StripeParams(listify(root));
    }

    /** Top-level parameter names, for Stripe's "Received unknown parameter" check. */
    Collection<String> names() {
        return root.keySet();
    }

    boolean has(String name) {
        return root.containsKey(name);
    }

    String string(String name) {
        Object v = root.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw StripeApiException.invalid("parameter_invalid_string", name,
                    "Invalid string: " + name + " must be a string.");
        }
        return s;
    }

    String requiredString(String name) {
        String s = string(name);
        if (s == null || s.isEmpty()) {
            throw StripeApiException.missing(name);
        }
        return s;
    }

    Long integer(String name) {
        String s = string(name);
        if (s == null) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw StripeApiException.invalid("parameter_invalid_integer", name, "Invalid integer: " + s);
        }
    }

    Boolean bool(String name) {
        String s = string(name);
        if (s == null) {
            return null;
        }
        return switch (s) {
            case "true" -> true;
            case "false" -> false;
            default -> throw StripeApiException.invalid("parameter_invalid_boolean", name, "Invalid boolean: " + s);
        };
    }

    StripeParams object(String name) {
        Object v = root.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw StripeApiException.invalid("parameter_invalid_object", name, "Invalid object: " + name);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) m;
        return new StripeParams(typed);
    }

    List<StripeParams> objects(String name) {
        Object v = root.get(name);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw StripeApiException.invalid("parameter_invalid_array", name, "Invalid array: " + name);
        }
        List<StripeParams> out = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> m)) {
                throw StripeApiException.invalid("parameter_invalid_object", name, "Invalid object in " + name);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) m;
            out.add(new StripeParams(typed));
        }
        return out;
    }

    List<String> strings(String name) {
        Object v = root.get(name);
        if (v == null) {
            return List.of();
        }
        if (v instanceof String s) {
            return List.of(s);
        }
        List<String> out = new ArrayList<>();
        for (Object item : (List<?>) v) {
            out.add(String.valueOf(item));
        }
        return out;
    }

    /** {@code metadata[k]=v} as a map; Stripe limits keys to 40 and values to 500 characters. */
    Map<String, String> metadata(String name) {
        return hash(name, 40, 500, "Metadata keys are limited to 40 characters and values to 500 characters.");
    }

    /**
     * A hash of text fields, such as a dispute's {@code evidence}: Stripe takes up to 20,000 characters in each (its
     * free-text evidence limit), unlike metadata's 500.
     */
    Map<String, String> textHash(String name) {
        return hash(name, Integer.MAX_VALUE, 20_000, name + " values are limited to 20000 characters.");
    }

    private Map<String, String> hash(String name, int maxKey, int maxValue, String limitMessage) {
        Object v = root.get(name);
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null || "".equals(v)) {
            return out;
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw StripeApiException.invalid("parameter_invalid_object", name, "Invalid hash: " + name);
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (!(e.getValue() instanceof String value)) {
                throw StripeApiException.invalid("parameter_invalid_string", name + "[" + key + "]",
                        "Invalid string: " + name + " values must be strings.");
            }
            if (key.length() > maxKey || value.length() > maxValue) {
                throw StripeApiException.invalid("parameter_invalid_string", name + "[" + key + "]", limitMessage);
            }
            out.put(key, value);
        }
        return out;
    }

    private static List<String> segments(String key) {
        List<String> out = new ArrayList<>();
        int bracket = key.indexOf('[');
        if (bracket < 0 || !key.endsWith("]")) {
            out.add(key);
            return out;
        }
        out.add(key.substring(0, bracket));
        for (String part : key.substring(bracket + 1, key.length() - 1).split("\\]\\[", -1)) {
            out.add(part);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, List<String> path, String value) {
        Map<String, Object> node = root;
        for (int i = 0; i < path.size() - 1; i++) {
            String seg = path.get(i);
            // "expand[]=a&expand[]=b": empty index means append
            if (seg.isEmpty()) {
                seg = Integer.toString(node.size());
            }
            Object child = node.get(seg);
            if (!(child instanceof Map)) {
                child = new LinkedHashMap<String, Object>();
                node.put(seg, child);
            }
            node = (Map<String, Object>) child;
        }
        String last = path.get(path.size() - 1);
        node.put(last.isEmpty() ? Integer.toString(node.size()) : last, value);
    }

    /** Turns maps whose keys are all array indices into lists, in index order. */
    @SuppressWarnings("unchecked")
    private static <T> T listify(Object node) {
        if (!(node instanceof Map<?, ?> map)) {
            return (T) node;
        }
        Map<String, Object> m = (Map<String, Object>) map;
        boolean allIndices = !m.isEmpty() && m.keySet().stream().allMatch(k -> k.matches("\\d+"));
        if (allIndices) {
            TreeMap<Integer, Object> sorted = new TreeMap<>();
            m.forEach((k, v) -> sorted.put(Integer.parseInt(k), listify(v)));
            return (T) new ArrayList<>(sorted.values());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, listify(v)));
        return (T) out;
    }
}
