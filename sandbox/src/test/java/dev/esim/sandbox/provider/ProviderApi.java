package dev.esim.sandbox.provider;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client of the simulated provider API, as an adapter would call it (JDK HttpClient, no Spring). */
final class ProviderApi {

    static final String SANDBOX_KEY = "sk_sandbox_simology_local";
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;
    private final String provider;
    private final String apiKey;
    private final String adminPrefix;

    /** The primary provider's API and its admin API under {@code /provider/admin}. */
    ProviderApi(int port) {
        this("http://localhost:" + port, "simology", SANDBOX_KEY, "/provider/admin");
    }

    ProviderApi withKey(String key) {
        return new ProviderApi(base, provider, key, adminPrefix);
    }

    /** Another simulated provider: its API under {@code /provider/<name>}, its admin under /provider/admin/<name>. */
    ProviderApi provider(String name, String key) {
        return new ProviderApi(base, name, key, "/provider/admin/" + name);
    }

    private ProviderApi(String base, String provider, String key, String adminPrefix) {
        this.base = base;
        this.provider = provider;
        this.apiKey = key;
        this.adminPrefix = adminPrefix;
    }

    Response get(String path) {
        return send(request(path).GET().build());
    }

    Response post(String path, String idempotencyKey, String body) {
        HttpRequest.Builder builder = request(path).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (idempotencyKey != null) {
            builder.header("Idempotency-Key", idempotencyKey);
        }
        return send(builder.build());
    }

    Response order(String idempotencyKey, String reference, String sku) {
        return post("/v1/orders", idempotencyKey,
                "{\"reference\":\"" + reference + "\",\"sku\":\"" + sku + "\",\"quantity\":1}");
    }

    CompletableFuture<Response> getAsync(String path) {
        return http.sendAsync(request(path).GET().build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(Response::new);
    }

    /** Sends with a client-side timeout, as the provider-client adapter does; throws on timeout. */
    Response postWithTimeout(String path, String idempotencyKey, String body, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest request = request(path).timeout(timeout).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Idempotency-Key", idempotencyKey).build();
        return new Response(http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    /** The admin API: no key, no faults. */
    Response admin(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + adminPrefix + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build());
    }

    Response adminGet(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + adminPrefix + path)).GET().build());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + "/provider/" + provider + path))
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json");
    }

    private Response send(HttpRequest request) {
        try {
            return new Response(http.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Response(int status, String body, HttpResponse<String> raw) {
        Response(HttpResponse<String> raw) {
            this(raw.statusCode(), raw.body(), raw);
        }

        JsonNode json() {
            return JSON.readTree(body);
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String errorCode() {
            return json().path("error").path("code").asString();
        }
    }
}
