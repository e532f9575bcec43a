package dev.esim.localstack;

import dev.esim.registry.SchemaRegistryServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.kafka.common.Uuid;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Starts the whole platform on this machine without Docker, in the foreground, and stops all of it on Ctrl-C:
 * PostgreSQL and the schema registry in this JVM; Kafka (KRaft), the mail catcher, the sandbox and the four
 * services as child processes whose output goes to log files.
 */
@Command(name = "bin/stack", mixinStandardHelpOptions = true,
        description = "Runs the eSIM platform locally: Kafka, PostgreSQL, schema registry, mail catcher, sandbox, services.")
public final class LocalStack implements Callable<Integer> {

    static final int KAFKA_PORT = 9092;
    static final int KAFKA_CONTROLLER_PORT = 9093;
    static final int POSTGRES_PORT = 5432;
    static final int REGISTRY_PORT = 8081;
    static final int SMTP_PORT = 3025;
    static final int MAIL_API_PORT = 8180;
    static final int SANDBOX_PORT = 8090;
    static final List<String> DATABASES = List.of("schema_registry", "catalog", "provisioning", "notification");

    @Option(names = "--data-dir", description = "Where data and logs live (default: ${DEFAULT-VALUE}).")
    Path dataDir = Path.of(".local-stack");

    @Option(names = "--fresh", description = "Delete all data first and start empty.")
    boolean fresh;

    @Option(names = "--infra-only", description = "Start Kafka, PostgreSQL, the registry and the mail catcher only.")
    boolean infraOnly;

    @Option(names = "--root", description = "The repository root, where the modules' jars are (default: ${DEFAULT-VALUE}).")
    Path root = Path.of(".");

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final List<String[]> table = new ArrayList<>();
    private final List<ChildProcess> children = new ArrayList<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new LocalStack()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Instant begin = Instant.now();
        if (fresh) {
            deleteRecursively(dataDir);
        }
        Files.createDirectories(dataDir);
        Path logs = dataDir.resolve("logs");
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "local-stack-shutdown"));

        try {
            DataSource registryDb = startPostgres();
            startKafka(logs);
            SchemaRegistryServer registry = SchemaRegistryServer.start(REGISTRY_PORT, registryDb);
            started.push(registry::close);
            table.add(row("schema registry", registry.url(), "in-process"));
            startMailCatcher(logs);
            if (!infraOnly) {
                startApplications(logs);
            }
        } catch (Exception e) {
            System.err.println("\nThe local stack could not start: " + e.getMessage());
            return 1;
        }

        printTable(Duration.between(begin, Instant.now()));
        new CountDownLatch(1).await(); // until Ctrl-C: the shutdown hook stops everything
        return 0;
    }

    private DataSource startPostgres() throws IOException, SQLException {
        Path pgData = dataDir.resolve("postgres");
        boolean existing = Files.exists(pgData.resolve("PG_VERSION"));
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(POSTGRES_PORT)
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .start();
        started.push(postgres);
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            if (!exists(s, "select 1 from pg_roles where rolname = 'esim'")) {
                s.execute("create role esim login password 'esim' createdb");
            }
            for (String db : DATABASES) {
                if (!exists(s, "select 1 from pg_database where datname = '" + db + "'")) {
                    s.execute("create database " + db + " owner esim");
                }
            }
        }
        table.add(row("PostgreSQL", "jdbc:postgresql://localhost:" + POSTGRES_PORT + "/{" + String.join(",", DATABASES)
                + "}  user esim / esim", existing ? "in-process, data kept" : "in-process, new data"));
        return postgres.getDatabase("postgres", "schema_registry");
    }

    private static boolean exists(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next();
        }
    }

    private void startKafka(Path logs) throws IOException, InterruptedException {
        Path kafkaDir = dataDir.resolve("kafka");
        Files.createDirectories(kafkaDir);
        Path config = kafkaDir.resolve("server.properties");
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + KAFKA_CONTROLLER_PORT);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + KAFKA_PORT + ",CONTROLLER://127.0.0.1:" + KAFKA_CONTROLLER_PORT);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + KAFKA_PORT);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", kafkaDir.resolve("data").toAbsolutePath().toString());
        p.setProperty("num.partitions", "3");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        try (var out = Files.newOutputStream(config)) {
            p.store(out, "written by the local stack on every start");
        }
        Path clusterIdFile = kafkaDir.resolve("cluster.id");
        if (!Files.exists(clusterIdFile)) {
            Files.writeString(clusterIdFile, Uuid.randomUuid().toString());
        }
        String clusterId = Files.readString(clusterIdFile).trim();
        String classPath = System.getProperty("java.class.path");
        ChildProcess.start("kafka-format", List.of(java(), "-cp", classPath, "kafka.tools.StorageTool", "format",
                "-t", clusterId, "-c", config.toString(), "--ignore-formatted"), Map.of(), logs)
                .awaitSuccess(Duration.ofSeconds(60));
        ChildProcess kafka = ChildProcess.start("kafka", List.of(java(), "-Xmx512m", "-XX:+UseSerialGC", "-cp", classPath,
                "kafka.Kafka", config.toString()), Map.of(), logs);
        track(kafka);
        Readiness.await("Kafka", Duration.ofSeconds(60), Readiness.port(KAFKA_PORT), kafka);
        table.add(row("Kafka (KRaft)", "localhost:" + KAFKA_PORT, kafka.log().toString()));
    }

    private void startMailCatcher(Path logs) throws IOException {
        ChildProcess mail = ChildProcess.start("mail", List.of(java(), "-Xmx128m", "-XX:+UseSerialGC",
                "-Dgreenmail.setup.test.smtp", "-Dgreenmail.hostname=127.0.0.1", "-Dgreenmail.auth.disabled",
                "-Dgreenmail.api.hostname=127.0.0.1", "-Dgreenmail.api.port=" + MAIL_API_PORT,
                "-cp", System.getProperty("java.class.path"),
                "com.icegreen.greenmail.standalone.GreenMailStandaloneRunner"), Map.of(), logs);
        track(mail);
        Readiness.await("mail catcher", Duration.ofSeconds(30), Readiness.port(MAIL_API_PORT), mail);
        table.add(row("mail catcher (GreenMail)", "smtp://localhost:" + SMTP_PORT
                + "  inbox API http://localhost:" + MAIL_API_PORT + "/api/user/{email}/messages", mail.log().toString()));
    }

    private void startApplications(Path logs) throws IOException {
        Map<String, String> common = new LinkedHashMap<>();
        common.put("ESIM_ENVIRONMENT", "sandbox");
        common.put("KAFKA_BOOTSTRAP_SERVERS", "localhost:" + KAFKA_PORT);
        common.put("SCHEMA_REGISTRY_URL", "http://localhost:" + REGISTRY_PORT);
        common.put("DB_USER", "esim");
        common.put("DB_PASSWORD", "esim");

        List<App> apps = List.of(
                new App("sandbox", "sandbox", "sandbox-0.1.0-SNAPSHOT-exec.jar", SANDBOX_PORT, null,
                        "checkout page http://localhost:8090/pay/{session}, provider API http://localhost:8090/provider/simology"),
                new App("payment-ingress", "payment-ingress", "payment-ingress-0.1.0-SNAPSHOT.jar", 8080, null,
                        "POST /webhooks/stripe, /webhooks/providers/{provider}"),
                new App("catalog-service", "catalog-service", "catalog-service-0.1.0-SNAPSHOT.jar", 8082, "catalog",
                        "GET /v1/catalog, POST /v1/checkout/sessions, GET /v1/orders/{id}"),
                new App("provisioning-worker", "provisioning-worker", "provisioning-worker-0.1.0-SNAPSHOT.jar", 8083,
                        "provisioning", "actuator only"),
                new App("notification-service", "notification-service", "notification-service-0.1.0-SNAPSHOT.jar", 8084,
                        "notification", "actuator only"));

        List<Map.Entry<App, ChildProcess>> running = new ArrayList<>();
        for (App app : apps) {
            Path jar = root.resolve(app.module()).resolve("target").resolve(app.jar());
            if (!Files.exists(jar)) {
                throw new IOException(jar + " is missing: build first (bin/stack does)");
            }
            Map<String, String> env = new LinkedHashMap<>(common);
            if (app.database() != null) {
                env.put("DB_URL", "jdbc:postgresql://localhost:" + POSTGRES_PORT + "/" + app.database());
            }
            ChildProcess process = ChildProcess.start(app.name(), List.of(java(), "-Xmx256m", "-Xss512k",
                    "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()), env, logs);
            track(process);
            running.add(Map.entry(app, process));
        }
        for (Map.Entry<App, ChildProcess> entry : running) {
            App app = entry.getKey();
            Readiness.await(app.name(), Duration.ofSeconds(120),
                    Readiness.http200("http://localhost:" + app.port() + "/actuator/health"), entry.getValue());
            table.add(row(app.name(), "http://localhost:" + app.port() + "  " + app.paths(), entry.getValue().log().toString()));
        }
    }

    private void track(ChildProcess process) {
        children.add(process);
        started.push(process);
    }

    private void printTable(Duration timeToReady) {
        int width = table.stream().mapToInt(r -> r[0].length()).max().orElse(10);
        StringBuilder out = new StringBuilder("\n  eSIM platform — local stack (sandbox mode)\n\n");
        for (String[] r : table) {
            out.append(String.format("  %-" + width + "s  %s%n  %-" + width + "s    log: %s%n", r[0], r[1], "", r[2]));
        }
        out.append(String.format("%n  ready in %.1f s, resident memory %d MB (this JVM + %d child processes)%n",
                timeToReady.toMillis() / 1000.0, residentMegabytes(), children.size()));
        out.append("  data: ").append(dataDir.toAbsolutePath()).append("  (bin/stack --fresh starts empty)\n");
        out.append("  Ctrl-C stops everything.\n");
        System.out.println(out);
    }

    /** Sum of VmRSS of this JVM and every descendant process (Linux /proc). */
    static long residentMegabytes() {
        ProcessHandle self = ProcessHandle.current();
        return Stream.concat(Stream.of(self), self.descendants())
                .mapToLong(p -> rssKb(p.pid()))
                .sum() / 1024;
    }

    private static long rssKb(long pid) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
            return lines.filter(l -> l.startsWith("VmRSS:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                    .findFirst().orElse(0);
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended meanwhile, or this is not Linux
        }
    }

    private synchronized void stopAll() {
        if (started.isEmpty()) {
            return;
        }
        System.out.println("\nStopping the local stack …");
        while (!started.isEmpty()) {
            AutoCloseable next = started.pop();
            try {
                next.close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e.getMessage());
            }
        }
        System.out.println("Stopped; nothing left running.");
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String[] row(String what, String where, String how) {
        return new String[] {what, where, how};
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private record App(String name, String module, String jar, int port, String database, String paths) {
    }
}
