package dev.esim.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The two overlays as {@link Kustomize} renders them, once per test run. Each rendering is also written to
 * {@code target/rendered-<overlay>.yaml}, to read what a cluster would get.
 */
final class Overlays {

    static final List<String> NAMES = List.of("sandbox", "production");

    private static final Map<String, List<ObjectNode>> RENDERED = new ConcurrentHashMap<>();

    private Overlays() {
    }

    /** The overlay's objects, a copy each caller may change. */
    static List<ObjectNode> rendered(String overlay) {
        return RENDERED.computeIfAbsent(overlay, Overlays::render).stream().map(ObjectNode::deepCopy).toList();
    }

    /** The overlay's objects read into their models (fails as {@link Models#read} does). */
    static List<HasMetadata> typed(String overlay) {
        return rendered(overlay).stream().map(Models::read).toList();
    }

    private static List<ObjectNode> render(String overlay) {
        List<ObjectNode> objects = Kustomize.build(Path.of("k8s", "overlays", overlay));
        write(objects, Path.of("target", "rendered-" + overlay + ".yaml"), overlay);
        return objects;
    }

    private static void write(List<ObjectNode> objects, Path file, String overlay) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(120);
        Yaml yaml = new Yaml(options);
        StringBuilder text = new StringBuilder("# k8s/overlays/" + overlay
                + " as the deploy tests render it (see deploy/README.md); generated, not for editing\n");
        for (ObjectNode object : objects) {
            text.append("---\n").append(yaml.dump(Kustomize.JSON.convertValue(object,
                    new TypeReference<Map<String, Object>>() { })));
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
