package dev.esim.sandbox.provider;

import dev.esim.sandbox.SandboxHttp;
import dev.esim.sandbox.SandboxHttp.Response;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client of the simulated provider API, as an adapter would call it (JDK HttpClient, no Spring). */
final class ProviderApi {

    static final String SANDBOX_KEY = "sk_sandbox_simology_local";
    static final JsonMapper JSON = SandboxHttp.JSON;

    private final SandboxHttp http = new SandboxHttp();
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
        return http.send(request(path).GET().build());
    }

    Response post(String path, String idempotencyKey, String body) {
        return http.send(SandboxHttp.postJson(request(path), idempotencyKey, body).build());
    }

    Response order(String idempotencyKey, String reference, String sku) {
        return post("/v1/orders", idempotencyKey,
                "{\"reference\":\"" + reference + "\",\"sku\":\"" + sku + "\",\"quantity\":1}");
    }

    CompletableFuture<Response> getAsync(String path) {
        return http.sendAsync(request(path).GET().build());
    }

    /** Sends with a client-side timeout, as the provider-client adapter does; throws on timeout. */
    Response postWithTimeout(String path, String idempotencyKey, String body, Duration timeout)
            throws IOException, InterruptedException {
        return http.sendOrThrow(SandboxHttp.postJson(request(path).timeout(timeout), idempotencyKey, body).build());
    }

    /** The admin API: no key, no faults. */
    Response admin(String path, String body) {
        return http.send(SandboxHttp.postJson(SandboxHttp.request(base + adminPrefix + path), null, body).build());
    }

    Response adminGet(String path) {
        return http.send(SandboxHttp.request(base + adminPrefix + path).GET().build());
    }

    private HttpRequest.Builder request(String path) {
        return SandboxHttp.request(base + "/provider/" + provider + path)
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json");
    }
}
