package dev.esim.provider.simology;

import dev.esim.provider.EsimProvider;

import java.net.http.HttpClient;

/** Builds the Simology adapter; the adapter class itself stays package-private. */
public final class Simology {

    private Simology() {
    }

    public static EsimProvider provider(SimologyConfig config) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(config.timeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        return new SimologyProvider(config, http);
    }
}
