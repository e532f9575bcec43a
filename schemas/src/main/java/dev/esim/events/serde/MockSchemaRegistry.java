package dev.esim.events.serde;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * In-memory registries for unit tests, reached with {@code schema.registry.url=mock://<scope>} — the same convention
 * as Confluent's serializers, so a test configuration works with either implementation.
 */
public final class MockSchemaRegistry {

    public static final String MOCK_URL_PREFIX = "mock://";

    private static final Map<String, SchemaRegistryClient> SCOPES = new ConcurrentHashMap<>();

    private MockSchemaRegistry() {
    }

    public static SchemaRegistryClient getClientForScope(String scope) {
        return SCOPES.computeIfAbsent(scope, any -> new InMemoryClient());
    }

    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    private static final class InMemoryClient implements SchemaRegistryClient {

        private final Map<String, Integer> idsByCanonicalForm = new HashMap<>();
        private final Map<Integer, Schema> schemasById = new HashMap<>();
        private final Map<String, List<Integer>> versionsBySubject = new HashMap<>();

        @Override
        public synchronized int register(String subject, Schema schema) {
            String canonical = SchemaNormalization.toParsingForm(schema);
            int id = idsByCanonicalForm.computeIfAbsent(canonical, any -> idsByCanonicalForm.size() + 1);
            schemasById.putIfAbsent(id, schema);
            List<Integer> versions = versionsBySubject.computeIfAbsent(subject, any -> new ArrayList<>());
            if (!versions.contains(id)) {
                versions.add(id);
            }
            return id;
        }

        @Override
        public synchronized int getId(String subject, Schema schema) throws IOException {
            Integer id = idsByCanonicalForm.get(SchemaNormalization.toParsingForm(schema));
            if (id == null || !versionsBySubject.getOrDefault(subject, List.of()).contains(id)) {
                throw new SchemaRegistryException(404, 40403, "Schema not found");
            }
            return id;
        }

        @Override
        public synchronized RegisteredSchema getLatest(String subject) throws IOException {
            List<Integer> versions = versionsBySubject.get(subject);
            if (versions == null || versions.isEmpty()) {
                throw new SchemaRegistryException(404, 40401, "Subject '" + subject + "' not found.");
            }
            int id = versions.get(versions.size() - 1);
            return new RegisteredSchema(id, versions.size(), schemasById.get(id));
        }

        @Override
        public synchronized Schema getById(int id) throws IOException {
            Schema schema = schemasById.get(id);
            if (schema == null) {
                throw new SchemaRegistryException(404, 40403, "Schema " + id + " not found");
            }
            return schema;
        }
    }
}
