package dev.esim.deploy;

import static dev.esim.deploy.Workload.orEmpty;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Each object on its own, as the API server admits it: read into the model of its kind ({@link Models}), and its
 * names, namespace, label and annotation keys, label values and ConfigMap keys in the API server's formats. Each check
 * returns every problem it finds, each naming its object, so one run lists them all.
 */
final class ObjectChecks {

    /** An RFC 1123 label: the format of namespaces, containers', volumes' and Service ports' names. */
    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("(?=.{1,253}$)" + DNS_LABEL + "(\\." + DNS_LABEL
            + ")*");
    private static final Pattern QUALIFIED_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]");
    private static final Pattern CONFIG_KEY = Pattern.compile("[-._a-zA-Z0-9]{1,253}");

    private ObjectChecks() {
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
            orEmpty(object.getMetadata().getLabels()).entrySet().stream().filter(l -> !label(l.getKey(), l.getValue()))
                    .forEach(l -> problems.add(id + ": label " + l.getKey() + "=" + l.getValue()));
            orEmpty(object.getMetadata().getAnnotations()).keySet().stream().filter(key -> !qualifiedName(key))
                    .forEach(key -> problems.add(id + ": annotation " + key));
            if (object instanceof ConfigMap configMap) {
                orEmpty(configMap.getData()).keySet().stream().filter(key -> !CONFIG_KEY.matcher(key).matches())
                        .forEach(key -> problems.add(id + ": key " + key));
            }
        }
        for (Workload workload : Workload.of(objects)) {
            workload.podLabels().entrySet().stream().filter(l -> !label(l.getKey(), l.getValue()))
                    .forEach(l -> problems.add(workload.id() + ": pod label " + l.getKey() + "=" + l.getValue()));
        }
        return problems;
    }

    /** A label: a qualified name as its key, and an empty value or a qualified name's form. */
    private static boolean label(String key, String value) {
        return qualifiedName(key) && (value.isEmpty() || QUALIFIED_NAME.matcher(value).matches());
    }

    private static boolean qualifiedName(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? QUALIFIED_NAME.matcher(key).matches()
                : DNS_SUBDOMAIN.matcher(key.substring(0, slash)).matches()
                        && QUALIFIED_NAME.matcher(key.substring(slash + 1)).matches();
    }
}
