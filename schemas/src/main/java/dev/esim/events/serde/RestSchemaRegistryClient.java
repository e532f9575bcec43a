package dev.esim.events.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Talks to a Confluent-compatible registry over HTTP and caches what never changes: a (subject, schema) pair's id and
 * an id's schema. Several base URLs may be given; each call tries them in turn, like Confluent's client.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<URI> baseUrls;
    private final HttpClient http;
    private final String authorization;
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    public RestSchemaRegistryClient(List<URI> baseUrls) {
        this(baseUrls, RegistryAccess.from(Map.of(), baseUrls));
    }

    RestSchemaRegistryClient(List<URI> baseUrls, RegistryAccess access) {
        if (baseUrls.isEmpty()) {
            throw new IllegalArgumentException("at least one schema.registry.url is needed");
        }
        this.baseUrls = access.withoutUserInfo(baseUrls);
        this.http = access.httpClient().connectTimeout(Duration.ofSeconds(5)).build();
        this.authorization = access.authorization();
    }

    @Override
    public int register(String subject, Schema schema) throws IOException {
        Integer cached = cachedId(subject, schema);
        if (cached != null) {
            return cached;
        }
        JsonNode body = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
        return remember(subject, schema, body.get("id").asInt());
    }

    @Override
    public int getId(String subject, Schema schema) throws IOException {
        Integer cached = cachedId(subject, schema);
        if (cached != null) {
            return cached;
        }
        JsonNode body = send("POST", "/subjects/" + encode(subject), schemaBody(schema));
        return remember(subject, schema, body.get("id").asInt());
    }

    @Override
    public RegisteredSchema getLatest(String subject) throws IOException {
        // Not cached: "latest" moves when someone registers a new version.
        JsonNode body = send("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
        int id = body.get("id").asInt();
        Schema schema = schemasById.computeIfAbsent(id, any -> new Schema.Parser().parse(body.get("schema").asText()));
        return new RegisteredSchema(id, body.get("version").asInt(), schema);
    }

    @Override
    public Schema getById(int id) throws IOException {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode body = send("GET", "/schemas/ids/" + id, null);
        Schema schema = new Schema.Parser().parse(body.get("schema").asText());
        schemasById.putIfAbsent(id, schema);
        return schemasById.get(id);
    }

    private Integer cachedId(String subject, Schema schema) {
        Map<Schema, Integer> ids = idsBySubject.get(subject);
        return ids == null ? null : ids.get(schema);
    }

    private int remember(String subject, Schema schema, int id) {
        idsBySubject.computeIfAbsent(subject, any -> new ConcurrentHashMap<>()).put(schema, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    private static String schemaBody(Schema schema) throws IOException {
        return JSON.writeValueAsString(Map.of("schema", schema.toString()));
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8);
    }

    private JsonNode send(String method, String path, String body) throws IOException {
        IOException last = null;
        for (URI base : baseUrls) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stripSlash(base.toString()) + path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Accept", CONTENT_TYPE);
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            if (body == null) {
                request.GET();
            } else {
                request.header("Content-Type", CONTENT_TYPE).method(method, HttpRequest.BodyPublishers.ofString(body));
            }
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while calling the schema registry", e);
            } catch (IOException e) {
                last = e; // unreachable: try the next URL
                continue;
            }
            JsonNode json = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            if (response.statusCode() / 100 == 2) {
                return json;
            }
            throw new SchemaRegistryException(response.statusCode(),
                    json.path("error_code").asInt(response.statusCode()), json.path("message").asText(""));
        }
        throw new IOException("no schema registry reachable at " + baseUrls, last);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
