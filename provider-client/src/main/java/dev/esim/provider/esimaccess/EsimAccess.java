package dev.esim.provider.esimaccess;

import dev.esim.provider.EsimProvider;

import java.net.http.HttpClient;
import java.time.Clock;

/** Builds the eSIM Access adapter; the adapter class itself stays package-private. */
public final class EsimAccess {

    private EsimAccess() {
    }

    public static EsimProvider provider(EsimAccessConfig config) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(config.timeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        return new EsimAccessProvider(config, http, Clock.systemUTC());
    }
}
