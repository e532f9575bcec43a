package dev.esim.testkit;

import java.util.Map;

import dev.esim.registry.SchemaRegistryServer;

/**
 * Our Confluent-API-compatible schema registry ({@code dev.esim:schema-registry}), started once per test JVM on
 * a free port of 127.0.0.1 and backed by its own database on the shared {@link Postgres}. Obtain it with
 * {@link TestInfrastructure#registry()}.
 */
public final class SchemaRegistry {

    private final SchemaRegistryServer server;

    private SchemaRegistry(SchemaRegistryServer server) {
        this.server = server;
    }

    static SchemaRegistry start(Postgres postgres) {
        return new SchemaRegistry(SchemaRegistryServer.start(0,
                postgres.newDatabase("schema_registry").dataSource()));
    }

    /** Base URL, e.g. {@code http://127.0.0.1:41234}: the value for {@code schema.registry.url}. */
    public String url() {
        return server.url();
    }

    public int port() {
        return server.port();
    }

    /** Spring Boot properties: Confluent's {@code schema.registry.url}, passed to every Kafka serde. */
    public Map<String, String> springProperties() {
        return Map.of("spring.kafka.properties.schema.registry.url", url());
    }

    void close() {
        server.close();
    }
}
