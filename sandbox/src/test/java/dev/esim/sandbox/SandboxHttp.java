package dev.esim.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP plumbing the sandbox's tests share, calling it as the platform's adapters do (JDK {@link HttpClient}, no
 * Spring): JSON and form posts, synchronous sends whose I/O failures surface as {@link IllegalStateException}, and
 * answers as {@link Response}, the body parsed on demand.
 */
public final class SandboxHttp {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url));
    }

    /** A POST of a JSON body, with an {@code Idempotency-Key} unless {@code idempotencyKey} is null. */
    public static HttpRequest.Builder postJson(HttpRequest.Builder request, String idempotencyKey, String body) {
        request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request;
    }

    /** A POST of a form, as a browser posts it or stripe-java sends its parameters. */
    public static HttpRequest.Builder postForm(HttpRequest.Builder request, String form) {
        return request.header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
    }

    /** {@code fields} URL-encoded, in their order. */
    public static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    public Response send(HttpRequest request) {
        try {
            return sendOrThrow(request);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends, letting a timeout or I/O failure through as it is. */
    public Response sendOrThrow(HttpRequest request) throws IOException, InterruptedException {
        return new Response(http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    public CompletableFuture<Response> sendAsync(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(Response::new);
    }

    /** One answer: status and body, and the raw response for its headers. */
    public record Response(int status, String body, HttpResponse<String> raw) {

        public Response(HttpResponse<String> raw) {
            this(raw.statusCode(), raw.body(), raw);
        }

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        /** A top-level string field of the body. */
        public String text(String field) {
            return json().path(field).asString();
        }

        /** The {@code code} of GOV.UK Pay's error body, a top-level field. */
        public String code() {
            return text("code");
        }

        /** The {@code error.code} of the provider's and Stripe's error bodies. */
        public String errorCode() {
            return json().path("error").path("code").asString();
        }
    }
}
