package dev.esim.registry;

import static dev.esim.registry.RegistryHttp.ok;
import static dev.esim.registry.RegistryHttp.only;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.esim.registry.RegistryHttp.Request;
import dev.esim.registry.RegistryHttp.Response;
import dev.esim.registry.SchemaStore.SubjectVersion;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The Confluent REST subset, routed by hand: a dozen paths do not justify a web framework, and clients (Confluent's
 * own included) only care about paths, status codes and {@code error_code}s. Unknown query parameters such as
 * {@code normalize} or {@code verbose} are ignored rather than refused, because Confluent's clients send them. The
 * HTTP plumbing (parsing, body limits, Confluent's error body) is {@link RegistryHttp}'s.
 */
final class RegistryHandler implements HttpHandler {

    private final SchemaStore store;
    private final ObjectMapper json = new ObjectMapper();

    RegistryHandler(SchemaStore store) {
        this.store = store;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        RegistryHttp.answer(exchange, this::route, json);
    }

    private Response route(Request r) throws IOException {
        List<String> p = r.path();
        String method = r.method();
        if (p.isEmpty()) {
            return only(method, "GET", () -> ok(json.createObjectNode()));
        }
        switch (p.get(0)) {
            case "health":
                if (p.size() == 1) {
                    return only(method, "GET", this::health);
                }
                break;
            case "schemas":
                return schemas(r);
            case "subjects":
                return subjects(r);
            case "config":
                return config(r);
            case "compatibility":
                if (p.size() >= 4 && p.size() <= 5 && p.get(1).equals("subjects") && p.get(3).equals("versions")) {
                    return only(method, "POST", () -> compatibility(r));
                }
                break;
            case "mode":
                if (p.size() <= 2) {
                    return only(method, "GET", () -> ok(Map.of("mode", "READWRITE")));
                }
                break;
            default:
                break;
        }
        throw RegistryException.notFound();
    }

    private Response health() {
        return store.databaseReachable() ? ok(Map.of("status", "UP"))
                : new Response(503, Map.of("status", "DOWN"));
    }

    private Response schemas(Request r) throws IOException {
        List<String> p = r.path();
        if (p.size() == 2 && p.get(1).equals("types")) {
            return only(r.method(), "GET", () -> ok(List.of(ParsedSchema.AVRO)));
        }
        if (p.size() < 3 || p.size() > 4 || !p.get(1).equals("ids")) {
            throw RegistryException.notFound();
        }
        int id = schemaId(p.get(2));
        return only(r.method(), "GET", () -> {
            var schema = store.schemaById(id).orElseThrow(() -> RegistryException.schemaNotFound(id));
            if (p.size() == 3) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("schema", schema.schema());
                // Confluent leaves schemaType out for AVRO, and clients treat its absence as AVRO
                if (!ParsedSchema.AVRO.equals(schema.schemaType())) {
                    body.put("schemaType", schema.schemaType());
                }
                return ok(body);
            }
            return switch (p.get(3)) {
                case "schema" -> ok(schema.schema());
                case "versions" -> ok(store.usagesOf(id).stream()
                        .map(RegistryHandler::subjectAndVersion).toList());
                case "subjects" -> ok(store.usagesOf(id).stream().map(SubjectVersion::subject).distinct().toList());
                default -> throw RegistryException.notFound();
            };
        });
    }

    private Response subjects(Request r) throws IOException {
        List<String> p = r.path();
        String method = r.method();
        if (p.size() == 1) {
            return only(method, "GET", () -> ok(store.subjects(r.flag("deleted"))));
        }
        String subject = subjectName(p.get(1));
        if (p.size() == 2) {
            if (method.equals("POST")) {
                ParsedSchema schema = schemaFrom(r.body());
                SubjectVersion found = store.lookup(subject, schema).orElseThrow(() ->
                        store.versions(subject, false).isEmpty() ? RegistryException.subjectNotFound(subject)
                                : RegistryException.schemaNotFound());
                return ok(subjectVersionBody(found));
            }
            return only(method, "DELETE", () -> ok(store.deleteSubject(subject, r.flag("permanent"))));
        }
        if (!p.get(2).equals("versions") || p.size() > 5) {
            throw RegistryException.notFound();
        }
        if (p.size() == 3) {
            if (method.equals("POST")) {
                ParsedSchema schema = schemaFrom(r.body());
                return ok(Map.of("id", store.register(subject, schema)));
            }
            return only(method, "GET", () -> {
                List<Integer> versions = store.versions(subject, r.flag("deleted")).stream()
                        .map(SubjectVersion::version).toList();
                if (versions.isEmpty()) {
                    throw RegistryException.subjectNotFound(subject);
                }
                return ok(versions);
            });
        }
        SubjectVersion version = resolveVersion(subject, p.get(3), r.flag("deleted"));
        if (p.size() == 4) {
            return only(method, "GET", () -> ok(subjectVersionBody(version)));
        }
        if (p.get(4).equals("schema")) {
            return only(method, "GET", () -> ok(version.schema()));
        }
        if (p.get(4).equals("referencedby")) {
            // references are not supported, so nothing refers to anything
            return only(method, "GET", () -> ok(List.of()));
        }
        throw RegistryException.notFound();
    }

    private Response config(Request r) throws IOException {
        List<String> p = r.path();
        if (p.size() > 2) {
            throw RegistryException.notFound();
        }
        String subject = p.size() == 2 ? subjectName(p.get(1)) : null;
        switch (r.method()) {
            case "GET": {
                CompatibilityLevel level;
                if (subject == null) {
                    level = store.globalConfig();
                } else if (r.flag("defaultToGlobal")) {
                    level = store.compatibilityLevel(subject);
                } else {
                    level = store.subjectConfig(subject)
                            .orElseThrow(() -> RegistryException.subjectLevelCompatibilityNotConfigured(subject));
                }
                return ok(Map.of("compatibilityLevel", level.name()));
            }
            case "PUT": {
                JsonNode body = RegistryHttp.readJson(r.body(), json);
                // Confluent's PUT takes "compatibility"; its GET answers "compatibilityLevel" — accept both
                JsonNode value = body.hasNonNull("compatibility") ? body.get("compatibility")
                        : body.get("compatibilityLevel");
                CompatibilityLevel level = CompatibilityLevel.parse(value == null ? null : value.asText());
                if (subject == null) {
                    store.setGlobalConfig(level);
                } else {
                    store.setSubjectConfig(subject, level);
                }
                return ok(Map.of("compatibility", level.name()));
            }
            case "DELETE": {
                if (subject == null) {
                    throw RegistryException.methodNotAllowed();
                }
                CompatibilityLevel previous = store.deleteSubjectConfig(subject)
                        .orElseThrow(() -> RegistryException.subjectLevelCompatibilityNotConfigured(subject));
                return ok(Map.of("compatibilityLevel", previous.name()));
            }
            default:
                throw RegistryException.methodNotAllowed();
        }
    }

    /**
     * {@code POST /compatibility/subjects/{s}/versions[/{v}]}: without a version (or with "latest" under a
     * transitive level) the candidate is checked against every live version, as Confluent does.
     */
    private Response compatibility(Request r) throws IOException {
        String subject = subjectName(r.segment(2));
        ParsedSchema candidate = schemaFrom(r.body());
        CompatibilityLevel level = store.compatibilityLevel(subject);
        List<Schema> against;
        if (r.path().size() == 5 && !isLatest(r.segment(4))) {
            against = List.of(parse(resolveVersion(subject, r.segment(4), false).schema()));
        } else {
            against = store.liveSchemas(subject);
            if (against.isEmpty() && r.path().size() == 5) {
                throw RegistryException.subjectNotFound(subject);
            }
        }
        List<String> problems = level.incompatibilities(candidate.schema(), against);
        ObjectNode body = json.createObjectNode().put("is_compatible", problems.isEmpty());
        if (r.flag("verbose")) {
            problems.forEach(body.putArray("messages")::add);
        }
        return ok(body);
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private SubjectVersion resolveVersion(String subject, String version, boolean includeDeleted) {
        List<SubjectVersion> versions = store.versions(subject, includeDeleted);
        if (isLatest(version)) {
            if (versions.isEmpty()) {
                throw RegistryException.subjectNotFound(subject);
            }
            return versions.get(versions.size() - 1);
        }
        int number = versionNumber(version);
        if (versions.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        return versions.stream().filter(v -> v.version() == number).findFirst()
                .orElseThrow(() -> RegistryException.versionNotFound(number));
    }

    private static boolean isLatest(String version) {
        return version.equals("latest") || version.equals("-1");
    }

    private static int versionNumber(String version) {
        try {
            int number = Integer.parseInt(version);
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException ignored) {
            // Confluent's 42202 below
        }
        throw RegistryException.invalidVersion(version);
    }

    private static int schemaId(String id) {
        try {
            return Integer.parseInt(id);
        } catch (NumberFormatException e) {
            throw RegistryException.notFound();
        }
    }

    private static String subjectName(String subject) {
        if (subject.isBlank()) {
            throw RegistryException.notFound();
        }
        return subject;
    }

    private static Schema parse(String schema) {
        return new Schema.Parser().parse(schema);
    }

    private ParsedSchema schemaFrom(InputStream body) throws IOException {
        JsonNode request = RegistryHttp.readJson(body, json);
        JsonNode type = request.get("schemaType");
        if (type != null && !type.isNull() && !ParsedSchema.AVRO.equalsIgnoreCase(type.asText())) {
            throw RegistryException.invalidSchema("schema type " + type.asText() + " is not supported here, only AVRO");
        }
        JsonNode references = request.get("references");
        if (references != null && references.isArray() && !references.isEmpty()) {
            throw RegistryException.invalidSchema("schema references are not supported here");
        }
        JsonNode schema = request.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw RegistryException.invalidSchema("the request has no \"schema\" string");
        }
        return ParsedSchema.parse(schema.asText());
    }

    /** Ordered like Confluent's answer ({@code Map.of} has no order, and clients compare bodies as text). */
    private static Map<String, Object> subjectAndVersion(SubjectVersion v) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", v.subject());
        body.put("version", v.version());
        return body;
    }

    private static Map<String, Object> subjectVersionBody(SubjectVersion v) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", v.subject());
        body.put("version", v.version());
        body.put("id", v.id());
        body.put("schema", v.schema());
        return body;
    }
}
