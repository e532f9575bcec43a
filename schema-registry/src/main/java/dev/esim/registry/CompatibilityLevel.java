package dev.esim.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/**
 * Confluent's compatibility levels, checked with Avro's own {@link SchemaCompatibility} so "compatible" means exactly
 * what Avro's schema resolution will do when a consumer reads the data.
 */
enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    static final CompatibilityLevel DEFAULT = BACKWARD;

    /** Backward: consumers on the new schema read data written with the old one. */
    private final boolean newReadsOld;
    /** Forward: consumers still on the old schema read data written with the new one. */
    private final boolean oldReadsNew;
    private final boolean transitive;

    CompatibilityLevel(boolean newReadsOld, boolean oldReadsNew, boolean transitive) {
        this.newReadsOld = newReadsOld;
        this.oldReadsNew = oldReadsNew;
        this.transitive = transitive;
    }

    static CompatibilityLevel parse(String value) {
        if (value != null) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ignored) {
                // fall through to Confluent's 42203
            }
        }
        throw RegistryException.invalidCompatibilityLevel(value);
    }

    /**
     * @param previous the subject's live versions, oldest first; a non-transitive level looks at the last one only
     * @return why {@code candidate} is incompatible, empty when it is compatible
     */
    List<String> incompatibilities(Schema candidate, List<Schema> previous) {
        List<String> problems = new ArrayList<>();
        if (this == NONE || previous.isEmpty()) {
            return problems;
        }
        List<Schema> against = transitive ? previous : previous.subList(previous.size() - 1, previous.size());
        for (Schema old : against) {
            if (newReadsOld) {
                problems.addAll(describe(candidate, old, "new schema reading old data"));
            }
            if (oldReadsNew) {
                problems.addAll(describe(old, candidate, "old schema reading new data"));
            }
        }
        return problems;
    }

    private static List<String> describe(Schema reader, Schema writer, String direction) {
        List<String> out = new ArrayList<>();
        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
        for (Incompatibility incompatibility : result.getIncompatibilities()) {
            out.add("{errorType:'" + incompatibility.getType() + "', description:'" + direction + ": "
                    + incompatibility.getMessage() + "', location:'" + incompatibility.getLocation() + "'}");
        }
        return out;
    }
}
