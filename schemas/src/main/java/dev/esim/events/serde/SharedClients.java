package dev.esim.events.serde;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One caching client per registry (addresses and access) per JVM, so every producer and consumer shares one cache.
 */
final class SharedClients {

    private record Key(List<URI> urls, RegistryAccess access) {
    }

    private static final Map<Key, SchemaRegistryClient> CLIENTS = new ConcurrentHashMap<>();

    private SharedClients() {
    }

    static SchemaRegistryClient forUrls(List<URI> urls, RegistryAccess access) {
        return CLIENTS.computeIfAbsent(new Key(urls, access),
                key -> new RestSchemaRegistryClient(key.urls(), key.access()));
    }
}
