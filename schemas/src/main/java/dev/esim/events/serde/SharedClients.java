package dev.esim.events.serde;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One caching client per registry address per JVM, so every producer and consumer shares one cache. */
final class SharedClients {

    private static final Map<List<URI>, SchemaRegistryClient> CLIENTS = new ConcurrentHashMap<>();

    private SharedClients() {
    }

    static SchemaRegistryClient forUrls(List<URI> urls) {
        return CLIENTS.computeIfAbsent(urls, RestSchemaRegistryClient::new);
    }
}
