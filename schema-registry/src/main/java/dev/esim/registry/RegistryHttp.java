package dev.esim.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP side of the registry, on the JDK's {@code HttpServer}: a request's path segments (each percent-decoded, so
 * a subject may hold an encoded '/'), its query and its JSON body (capped at 4 MB), and the answer in Confluent's
 * content type with Confluent's error body ({@code error_code}, {@code message}). {@link RegistryHandler} routes.
 */
final class RegistryHttp {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final System.Logger LOG = System.getLogger(RegistryHttp.class.getName());
    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private RegistryHttp() {
    }

    record Response(int status, Object body) {
    }

    record Request(String method, List<String> path, Map<String, String> query, InputStream body) {

        String segment(int i) {
            return path.get(i);
        }

        boolean flag(String name) {
            return Boolean.parseBoolean(query.getOrDefault(name, "false"));
        }
    }

    @FunctionalInterface
    interface Router {
        Response route(Request request) throws IOException;
    }

    @FunctionalInterface
    interface Action {
        Response run() throws IOException;
    }

    /** Reads the request, lets {@code router} answer it, writes the answer; a failure becomes Confluent's error. */
    static void answer(HttpExchange exchange, Router router, ObjectMapper json) throws IOException {
        Response response;
        try {
            URI uri = exchange.getRequestURI();
            response = router.route(new Request(exchange.getRequestMethod(), path(uri.getRawPath()),
                    query(uri.getRawQuery()), exchange.getRequestBody()));
        } catch (RegistryException e) {
            response = error(e);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "schema registry request failed: " + exchange.getRequestMethod() + " "
                    + exchange.getRequestURI().getRawPath(), e);
            response = error(RegistryException.backendFailure());
        }
        try {
            byte[] bytes = response.body() instanceof String raw
                    ? raw.getBytes(StandardCharsets.UTF_8) : json.writeValueAsBytes(response.body());
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.sendResponseHeaders(response.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        } finally {
            exchange.close();
        }
    }

    static Response only(String method, String allowed, Action action) throws IOException {
        if (!method.equals(allowed)) {
            throw RegistryException.methodNotAllowed();
        }
        return action.run();
    }

    static Response ok(Object body) {
        return new Response(200, body);
    }

    private static Response error(RegistryException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_code", e.errorCode());
        body.put("message", e.getMessage());
        return new Response(e.httpStatus(), body);
    }

    /** The body as a JSON object; too large, malformed or not an object is Confluent's 400. */
    static JsonNode readJson(InputStream body, ObjectMapper json) throws IOException {
        byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw RegistryException.badRequest("Request body too large");
        }
        try {
            JsonNode node = json.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw RegistryException.badRequest("Request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw RegistryException.badRequest("Malformed JSON: " + e.getOriginalMessage());
        }
    }

    /** Path segments, percent-decoded one by one so a subject may contain an encoded '/'. */
    static List<String> path(String rawPath) {
        List<String> segments = new ArrayList<>();
        if (rawPath == null) {
            return segments;
        }
        String trimmed = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (trimmed.isEmpty()) {
            return segments;
        }
        for (String segment : trimmed.split("/", -1)) {
            segments.add(decode(segment));
        }
        return segments;
    }

    static Map<String, String> query(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.putIfAbsent(key, value);
        }
        return params;
    }

    private static String decode(String segment) {
        // URLDecoder is for forms: a literal '+' in a path is a plus, not a space
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw RegistryException.badRequest("Malformed percent-encoding in '" + segment + "'");
        }
    }
}
