package dev.esim.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * The build's guard on the event contract: every topic's current value schema must be BACKWARD compatible with the
 * committed baseline ({@code schemas/src/main/avro-baseline/<topic>.avsc}), i.e. a consumer on the new schema can read
 * every record already on the topic. Uses Avro's own {@link SchemaCompatibility}, the rule the registry applies too.
 */
public final class CompatibilityCheck {

    private CompatibilityCheck() {
    }

    /** Human-readable problems; empty when every current schema can read its baseline's records. */
    public static List<String> problems(Map<String, Schema> currentByTopic, Path baselineDir) {
        List<String> problems = new ArrayList<>();
        currentByTopic.forEach((topic, current) -> {
            Path file = baselineDir.resolve(topic + ".avsc");
            if (!Files.exists(file)) {
                problems.add(topic + ": no baseline at " + file
                        + " (a new topic commits its first schema as baseline)");
                return;
            }
            Schema baseline = parse(file);
            SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(current, baseline);
            if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                result.getResult().getIncompatibilities().forEach(i -> problems.add(topic + ": "
                        + i.getType() + " at " + i.getLocation() + " — " + i.getMessage()));
            }
        });
        return problems;
    }

    /** Current value schemas of every topic in {@link Topics}. */
    public static Map<String, Schema> currentSchemas() {
        Map<String, Schema> schemas = new java.util.TreeMap<>();
        Topics.all().forEach(t -> schemas.put(t.name(), t.valueSchema()));
        return schemas;
    }

    static Schema parse(Path file) {
        try {
            return new Schema.Parser().parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the current schemas as the new baseline — run only when a release makes them the contract. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/main/avro-baseline");
        Files.createDirectories(dir);
        for (Map.Entry<String, Schema> e : currentSchemas().entrySet()) {
            Files.writeString(dir.resolve(e.getKey() + ".avsc"), e.getValue().toString(true) + "\n");
        }
    }
}
