package dev.esim.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * PostgreSQL (zonky's embedded binaries) on {@link LocalStack#POSTGRES_PORT} with its data under
 * {@code <data>/postgres}: the {@code esim} role and one database per service, kept across starts.
 */
final class PostgresServer implements AutoCloseable {

    private final Path data;
    private final boolean existing;
    private EmbeddedPostgres server;

    private PostgresServer(Path data, boolean existing) {
        this.data = data;
        this.existing = existing;
    }

    /** Starts the server and creates the role and the databases that are not there yet. */
    static PostgresServer start(Path data, List<String> databases) throws IOException {
        PostgresServer postgres = new PostgresServer(data.toAbsolutePath(),
                Files.exists(data.resolve("PG_VERSION")));
        postgres.server = postgres.launch();
        try (Connection c = postgres.server.getPostgresDatabase().getConnection();
             Statement s = c.createStatement()) {
            if (!exists(s, "select 1 from pg_roles where rolname = 'esim'")) {
                s.execute("create role esim login password 'esim' createdb");
            }
            for (String db : databases) {
                if (!exists(s, "select 1 from pg_database where datname = '" + db + "'")) {
                    s.execute("create database " + db + " owner esim");
                }
            }
        } catch (SQLException e) {
            postgres.close();
            throw new IOException("PostgreSQL: " + e.getMessage(), e);
        }
        return postgres;
    }

    /** Whether the data directory held a cluster before this start. */
    boolean existing() {
        return existing;
    }

    Path dataDirectory() {
        return data;
    }

    /** A database as the superuser (for the in-process schema registry). */
    DataSource database(String name) {
        return server.getDatabase("postgres", name);
    }

    /** Stops PostgreSQL (a fast shutdown: open connections are cut) and starts it again on the same data. */
    synchronized void restart() throws IOException {
        server.close();
        server = launch();
    }

    @Override
    public synchronized void close() throws IOException {
        server.close();
    }

    private EmbeddedPostgres launch() throws IOException {
        return EmbeddedPostgres.builder()
                .setPort(LocalStack.POSTGRES_PORT)
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .start();
    }

    private static boolean exists(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next();
        }
    }
}
