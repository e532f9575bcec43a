package dev.esim.provider.simology;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach a Simology-style provider.
 *
 * @param baseUrl   API root; {@code http://localhost:8090/provider/simology} is the local sandbox simulator
 * @param apiKey    Bearer key; sandbox keys start {@code sk_sandbox_}. Never logged.
 * @param timeout   connect timeout and per-request timeout of the HTTP client
 * @param name      provider name in the registry, logs and metrics
 * @param allowLiveKey whether an {@code sk_live_} key is accepted; false in sandbox so live and sandbox keys never mix
 */
public record SimologyConfig(URI baseUrl, String apiKey, Duration timeout, String name, boolean allowLiveKey) {

    public static final URI LOCAL_SANDBOX = URI.create("http://localhost:8090/provider/simology");

    public SimologyConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        if (apiKey.isBlank()) {
            throw new IllegalArgumentException("apiKey must not be blank");
        }
        if (!allowLiveKey && apiKey.startsWith("sk_live_")) {
            throw new IllegalArgumentException("a live Simology key is configured but live keys are not allowed here");
        }
        timeout = timeout != null ? timeout : Duration.ofSeconds(5);
        name = name != null ? name : "simology";
    }

    /** Sandbox defaults: 5 s timeout, name {@code simology}, live keys refused. */
    public SimologyConfig(URI baseUrl, String apiKey) {
        this(baseUrl, apiKey, Duration.ofSeconds(5), "simology", false);
    }

    @Override
    public String toString() {
        return "SimologyConfig[baseUrl=" + baseUrl + ", apiKey=<redacted>, timeout=" + timeout + ", name=" + name
                + ", allowLiveKey=" + allowLiveKey + "]";
    }
}
