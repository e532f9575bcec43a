package dev.esim.registry;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A Confluent-API-compatible Avro schema registry for the local stack and tests, on the JDK's HTTP server and a
 * PostgreSQL schema named {@value #DB_SCHEMA}. Not for production: there, use Confluent Schema Registry or
 * Apicurio's ccompat API.
 *
 * <pre>{@code
 * try (SchemaRegistryServer registry = SchemaRegistryServer.start(0, dataSource)) {
 *     props.put("schema.registry.url", registry.url());
 * }
 * }</pre>
 */
public final class SchemaRegistryServer implements AutoCloseable {

    /** The registry's own PostgreSQL schema, so it can share a database with a service. */
    static final String DB_SCHEMA = "schema_registry";

    private static final int DEFAULT_PORT = 8081;
    private static final int WORKER_THREADS = 8;

    private final HttpServer server;
    private final ExecutorService executor;

    private SchemaRegistryServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Migrates the {@value #DB_SCHEMA} schema (idempotent) and starts serving on 127.0.0.1.
     *
     * @param port the port to listen on; 0 picks a free one, see {@link #port()}
     * @param dataSource a PostgreSQL database; connections are borrowed per request, so pass a pool if you have one
     */
    public static SchemaRegistryServer start(int port, DataSource dataSource) {
        migrate(dataSource);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("schema registry cannot listen on 127.0.0.1:" + port, e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(WORKER_THREADS, daemonThreads());
        server.setExecutor(executor);
        server.createContext("/", new RegistryHandler(new SchemaStore(dataSource)));
        server.start();
        return new SchemaRegistryServer(server, executor);
    }

    private static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(DB_SCHEMA)
                .createSchemas(true)
                // not db/migration: a Boot service sharing the classpath must not run the registry's scripts
                .locations("classpath:dev/esim/registry/db")
                .load()
                .migrate();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The value for {@code schema.registry.url}. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Stops listening; requests in flight get a moment to finish. Schemas stay in the database. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Standalone: {@code --port 8081 --jdbc-url … --jdbc-user … --jdbc-password …}, each falling back to
     * {@code REGISTRY_PORT}, {@code REGISTRY_JDBC_URL}, {@code REGISTRY_JDBC_USER}, {@code REGISTRY_JDBC_PASSWORD}.
     */
    public static void main(String[] args) throws InterruptedException {
        Map<String, String> options = parseArgs(args);
        int port = Integer.parseInt(option(options, "port", "REGISTRY_PORT", String.valueOf(DEFAULT_PORT)));
        String jdbcUrl = option(options, "jdbc-url", "REGISTRY_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        dataSource.setUser(option(options, "jdbc-user", "REGISTRY_JDBC_USER", "postgres"));
        dataSource.setPassword(option(options, "jdbc-password", "REGISTRY_JDBC_PASSWORD", ""));

        SchemaRegistryServer registry = start(port, dataSource);
        Runtime.getRuntime().addShutdownHook(new Thread(registry::close, "schema-registry-shutdown"));
        // the URL without credentials: they may be in it, and this line ends up in logs
        System.out.println("Schema registry listening on " + registry.url() + " (PostgreSQL "
                + jdbcUrl.replaceAll("\\?.*$", "") + ", schema " + DB_SCHEMA + ")");
        Thread.currentThread().join();
    }

    private static Map<String, String> parseArgs(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'; usage: --port N --jdbc-url URL"
                        + " --jdbc-user USER --jdbc-password PASSWORD");
            }
            int eq = arg.indexOf('=');
            if (eq > 0) {
                options.put(arg.substring(2, eq), arg.substring(eq + 1));
            } else if (i + 1 < args.length) {
                options.put(arg.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("missing value for " + arg);
            }
        }
        return options;
    }

    private static String option(Map<String, String> options, String name, String env, String fallback) {
        String value = options.get(name);
        if (value == null) {
            value = System.getenv(env);
        }
        return value == null || value.isEmpty() ? fallback : value;
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "schema-registry-http-" + counter.incrementAndGet());
            // an embedding test JVM must be able to exit even if nobody calls close()
            thread.setDaemon(true);
            return thread;
        };
    }
}
