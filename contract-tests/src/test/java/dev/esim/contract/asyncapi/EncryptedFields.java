package dev.esim.contract.asyncapi;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * Finds every {@code EncryptedPayload} in a schema, as a path a reader can follow: {@code original_payload},
 * {@code payload[OrderPlaced].customer_email} (a union branch in brackets), {@code items[].x} (array elements).
 */
final class EncryptedFields {

    private EncryptedFields() {
    }

    static List<String> paths(Schema schema) {
        List<String> paths = new ArrayList<>();
        walkRecord(schema, "", paths, new HashSet<>());
        return paths;
    }

    private static void walkRecord(Schema record, String prefix, List<String> paths, Set<String> onPath) {
        if (!onPath.add(record.getFullName())) {
            return; // recursive type: already being walked
        }
        for (Schema.Field field : record.getFields()) {
            walkType(field.schema(), prefix.isEmpty() ? field.name() : prefix + "." + field.name(), paths, onPath);
        }
        onPath.remove(record.getFullName());
    }

    private static void walkType(Schema type, String path, List<String> paths, Set<String> onPath) {
        switch (type.getType()) {
            case RECORD -> {
                if (type.getFullName().equals(AsyncApiGenerator.ENCRYPTED_PAYLOAD)) {
                    paths.add(path);
                } else {
                    walkRecord(type, path, paths, onPath);
                }
            }
            case UNION -> {
                List<Schema> branches = type.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).toList();
                for (Schema branch : branches) {
                    boolean named = branches.size() > 1 && branch.getType() == Schema.Type.RECORD
                            && !branch.getFullName().equals(AsyncApiGenerator.ENCRYPTED_PAYLOAD);
                    walkType(branch, named ? path + "[" + branch.getName() + "]" : path, paths, onPath);
                }
            }
            case ARRAY -> walkType(type.getElementType(), path + "[]", paths, onPath);
            case MAP -> walkType(type.getValueType(), path + "{}", paths, onPath);
            default -> {
                // primitives, enums and fixed carry no EncryptedPayload
            }
        }
    }
}
