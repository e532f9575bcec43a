package dev.esim.localstack;

import dev.esim.events.Topics;
import dev.esim.registry.SchemaRegistryServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Starts the whole platform on this machine without Docker and stops all of it on Ctrl-C: PostgreSQL and the schema
 * registry in this JVM; Kafka (KRaft), the mail catcher, the sandbox and the four services as child processes whose
 * output goes to log files. From the command line ({@code bin/stack}) it runs in the foreground; from tests,
 * {@link #start(Path, Path, boolean)} returns a running stack that {@link #close()} stops.
 */
@Command(name = "bin/stack", mixinStandardHelpOptions = true,
        description = "Runs the eSIM platform locally: Kafka, PostgreSQL, schema registry, mail catcher, sandbox, "
                + "services.")
public final class LocalStack implements Callable<Integer>, AutoCloseable {

    public static final int KAFKA_PORT = 9092;
    static final int KAFKA_CONTROLLER_PORT = 9093;
    public static final int POSTGRES_PORT = 5432;
    public static final int REGISTRY_PORT = 8081;
    public static final int SMTP_PORT = 3025;
    public static final int MAIL_API_PORT = 8180;
    public static final int SANDBOX_PORT = 8090;
    public static final int INGRESS_PORT = 8080;
    public static final int CATALOG_PORT = 8082;
    public static final int WORKER_PORT = 8083;
    public static final int NOTIFICATION_PORT = 8084;
    /** Actuator of the two services with a public API, kept off it (health, metrics). */
    public static final int INGRESS_MANAGEMENT_PORT = 9080;
    public static final int CATALOG_MANAGEMENT_PORT = 9082;
    static final List<String> DATABASES = List.of("schema_registry", "catalog", "provisioning", "notification");
    private static final Duration APP_START_TIMEOUT = Duration.ofSeconds(180);

    @Option(names = "--data-dir", description = "Where data and logs live (default: ${DEFAULT-VALUE}).")
    Path dataDir = Path.of(".local-stack");

    @Option(names = "--fresh",
            description = "Delete all data (PostgreSQL, Kafka, the sandbox's state, logs) first and start empty.")
    boolean fresh;

    @Option(names = "--infra-only", description = "Start Kafka, PostgreSQL, the registry and the mail catcher only.")
    boolean infraOnly;

    @Option(names = "--root",
            description = "The repository root, where the modules' jars are (default: ${DEFAULT-VALUE}).")
    Path root = Path.of(".");

    @Option(names = "--cds", description = "Class-data sharing: the first stop writes an archive per service (slow: "
            + "up to a minute), later starts use it.")
    boolean cds;

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final List<String[]> table = new ArrayList<>();
    private final List<ChildProcess> children = new ArrayList<>();
    private final Map<String, ChildProcess> apps = new LinkedHashMap<>();
    private final java.util.Set<String> stoppedOnPurpose = new java.util.HashSet<>();
    private Tuning tuning = Tuning.demo();
    private PostgresServer postgres;
    private KafkaBroker kafka;
    private ChildProcess mail;
    private Duration timeToReady = Duration.ZERO;

    public static void main(String[] args) {
        // bin/stack passes --root first
        System.exit(new CommandLine(new LocalStack()).setOverwrittenOptionsAllowed(true).execute(args));
    }

    /**
     * Starts everything and returns once every service reports ready. Fails (having stopped what it started) if a
     * port is taken, a jar is missing or something does not become ready.
     *
     * @param root    the repository root (the jars are read from {@code <root>/<module>/target/})
     * @param dataDir PostgreSQL and Kafka data, logs under {@code logs/}
     * @param fresh   delete the data first
     */
    public static LocalStack start(Path root, Path dataDir, boolean fresh) throws IOException {
        return start(root, dataDir, fresh, Tuning.demo());
    }

    /** As {@link #start(Path, Path, boolean)}, with the JVM flags and extra environment of {@code tuning}. */
    public static LocalStack start(Path root, Path dataDir, boolean fresh, Tuning tuning) throws IOException {
        LocalStack stack = new LocalStack();
        stack.tuning = tuning;
        stack.root = root;
        stack.dataDir = dataDir;
        stack.fresh = fresh;
        Thread hook = new Thread(stack::close, "local-stack-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stack.startAll();
            return stack;
        } catch (IOException | RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    @Override
    public Integer call() throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "local-stack-shutdown"));
        try {
            startAll();
        } catch (Exception e) {
            System.err.println("\nThe local stack could not start: " + e.getMessage());
            return 1; // System.exit runs the shutdown hook, which stops what did start
        }
        System.out.println(describe());
        new CountDownLatch(1).await(); // until Ctrl-C: the shutdown hook stops everything
        return 0;
    }

    private void startAll() throws IOException {
        Instant begin = Instant.now();
        checkPortsFree();
        prepareDataDirectory();
        Path logs = logDirectory();
        List<Apps.App> toStart = appsToStart();
        // Unpacked jars start faster and can use a class-data archive; unpacking runs while PostgreSQL initialises.
        CompletableFuture<Void> unpacked = CompletableFuture.runAsync(() -> toStart.forEach(this::unpack));
        startInfrastructure(logs);
        awaitUnpacked(unpacked);
        for (Apps.App app : toStart) {
            startApp(app, logs);
        }
        awaitAppsReady(toStart);
        timeToReady = Duration.between(begin, Instant.now());
    }

    /** With {@code --fresh}, deletes the data (PostgreSQL, Kafka, logs, the sandbox's state); creates the directory. */
    private void prepareDataDirectory() throws IOException {
        if (fresh) {
            deleteRecursively(dataDir.resolve("postgres"));
            deleteRecursively(dataDir.resolve("kafka"));
            deleteRecursively(dataDir.resolve("logs"));
            deleteRecursively(dataDir.resolve("sandbox"));
        }
        Files.createDirectories(dataDir);
    }

    /** The applications to start (none with {@code --infra-only}), each jar checked to be there. */
    private List<Apps.App> appsToStart() throws IOException {
        List<Apps.App> toStart = infraOnly ? List.of() : Apps.ALL;
        for (Apps.App app : toStart) {
            if (!Files.exists(app.jar(root))) {
                throw new IOException(app.jar(root).toAbsolutePath().normalize()
                        + " is missing: build it first (bin/stack does: mvn install -DskipTests)");
            }
        }
        return toStart;
    }

    /** Kafka (started first, waited for last, then its topics created), PostgreSQL, the registry, the mail catcher. */
    private void startInfrastructure(Path logs) throws IOException {
        kafka = KafkaBroker.start(dataDir.resolve("kafka"), logs, tuning);
        children.add(kafka.process());
        started.push(kafka);
        startPostgres();
        startSchemaRegistry();
        startMailCatcher(logs);
        kafka.awaitReady();
        kafka.createTopics();
        table.add(row("Kafka (KRaft)", "localhost:" + KAFKA_PORT + "  topics: " + Topics.all().size()
                + " from dev.esim.events.Topics + their -dlt", kafka.process().log().toString()));
    }

    /** PostgreSQL in-process, with the stack's databases. */
    private void startPostgres() throws IOException {
        postgres = PostgresServer.start(dataDir.resolve("postgres"), DATABASES);
        started.push(postgres);
        table.add(row("PostgreSQL", "jdbc:postgresql://localhost:" + POSTGRES_PORT + "/{" + String.join(",", DATABASES)
                + "}  user esim / esim", postgres.existing() ? "in-process, data kept" : "in-process, new data"));
    }

    /** The schema registry in-process, on PostgreSQL's {@code schema_registry} database. */
    private void startSchemaRegistry() {
        SchemaRegistryServer registry = SchemaRegistryServer.start(REGISTRY_PORT,
                postgres.database("schema_registry"));
        started.push(registry::close);
        table.add(row("schema registry", registry.url(), "in-process"));
    }

    /** Waits for the service jars to be unpacked (started in the background before the infrastructure). */
    private static void awaitUnpacked(CompletableFuture<Void> unpacked) throws IOException {
        try {
            unpacked.join();
        } catch (RuntimeException e) {
            throw new IOException("could not unpack the service jars: " + e.getMessage(), e);
        }
    }

    /** Waits, in start order, until each started application reports ready, and adds its row to the table. */
    private void awaitAppsReady(List<Apps.App> toStart) throws IOException {
        for (Apps.App app : toStart) {
            Readiness.await(app.name(), APP_START_TIMEOUT, Readiness.springReady(app.managementPort()),
                    apps.get(app.name()));
            String actuator = app.managementPort() == app.port() ? ""
                    : "  (actuator on http://localhost:" + app.managementPort() + ")";
            table.add(row(app.name(), "http://localhost:" + app.port() + "  " + app.paths() + actuator,
                    apps.get(app.name()).log().toString()));
        }
    }

    // ---- the programmatic handle (end-to-end tests) ----

    /** Where every child's log file is ({@code <name>.log}); the in-process parts log to this JVM's output. */
    public Path logDirectory() {
        return dataDir.resolve("logs");
    }

    /** The names of the applications this stack runs: sandbox, payment-ingress, catalog-service, … */
    public static List<String> applicationNames() {
        return Apps.ALL.stream().map(Apps.App::name).toList();
    }

    /**
     * The applications that are not running although nobody stopped them through this class, each with its exit
     * code — e.g. {@code "payment-ingress (exit 143)"} when something outside sent it SIGTERM.
     */
    public synchronized List<String> unexpectedlyStopped() {
        return apps.entrySet().stream().filter(e -> !e.getValue().isAlive() && !stoppedOnPurpose.contains(e.getKey()))
                .map(e -> e.getKey() + " (exit " + e.getValue().exitCode() + ", see " + e.getValue().log() + ")")
                .toList();
    }

    public Duration timeToReady() {
        return timeToReady;
    }

    /** Stops one application gracefully (SIGTERM), starts it again and waits until it is ready. */
    public void restart(String name) throws IOException {
        stopApplication(name, false);
        startApplication(name);
    }

    /** Stops one application: gracefully (SIGTERM), or killed (SIGKILL, no shutdown hooks, like a crash). */
    public synchronized void stopApplication(String name, boolean kill) {
        ChildProcess process = apps.get(name);
        if (process == null) {
            throw new IllegalArgumentException("unknown application " + name + "; known: " + applicationNames());
        }
        stoppedOnPurpose.add(name);
        if (kill) {
            process.kill();
        } else {
            process.close();
        }
    }

    /**
     * Freezes one application (SIGSTOP): its JVM keeps its state, its compiled code and its connections but runs
     * nothing until {@link #resumeApplication}. Its Kafka group membership lapses meanwhile and is rejoined after.
     */
    public synchronized void pauseApplication(String name) throws IOException {
        running(name).signal("STOP");
    }

    /** Lets an application frozen by {@link #pauseApplication} run on (SIGCONT). */
    public synchronized void resumeApplication(String name) throws IOException {
        running(name).signal("CONT");
    }

    /** Whether the application's process is alive (running or frozen). */
    public synchronized boolean isRunning(String name) {
        ChildProcess process = apps.get(name);
        return process != null && process.isAlive();
    }

    private ChildProcess running(String name) {
        if (!isRunning(name)) {
            throw new IllegalArgumentException(name + " is not running; running: " + apps.entrySet().stream()
                    .filter(e -> e.getValue().isAlive()).map(Map.Entry::getKey).toList());
        }
        return apps.get(name);
    }

    /** Starts an application that {@link #stopApplication} stopped, and waits until it is ready. */
    public void startApplication(String name) throws IOException {
        Apps.App app = Apps.ALL.stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown application " + name));
        ChildProcess process;
        synchronized (this) {
            if (apps.containsKey(name) && apps.get(name).isAlive()) {
                throw new IllegalStateException(name + " is running");
            }
            process = startApp(app, logDirectory());
            stoppedOnPurpose.remove(name);
        }
        Readiness.await(name, APP_START_TIMEOUT, Readiness.springReady(app.managementPort()), process);
    }

    // ---- infrastructure faults (the chaos tool) ----

    /**
     * Stops the Kafka broker ({@code kill}: SIGKILL, else a clean SIGTERM shutdown), starts it again on the same data
     * and waits until it accepts connections. The services ride it out on their own retries.
     */
    public void restartKafka(boolean kill) throws IOException {
        ChildProcess old = kafka.process();
        ChildProcess next = kafka.restart(kill);
        synchronized (this) {
            children.remove(old);
            children.add(next);
        }
    }

    /** Stops PostgreSQL (a fast shutdown: open connections are cut) and starts it again on the same data. */
    public void restartPostgres() throws IOException {
        postgres.restart();
    }

    /**
     * Freezes the mail server (SIGSTOP): it keeps its port and its mail but answers nothing, as a hung SMTP server
     * does, until {@link #resumeMail()}. Deliveries time out meanwhile and are retried by notification-service.
     */
    public void pauseMail() throws IOException {
        mail.signal("STOP");
    }

    public void resumeMail() throws IOException {
        mail.signal("CONT");
    }

    /** The table printed by {@code bin/stack}: what runs where, its log, time to ready and resident memory. */
    public String describe() {
        int width = table.stream().mapToInt(r -> r[0].length()).max().orElse(10);
        StringBuilder out = new StringBuilder("\n  eSIM platform — local stack (sandbox mode)\n\n");
        for (String[] r : table) {
            out.append(String.format("  %-" + width + "s  %s%n  %-" + width + "s    log: %s%n", r[0], r[1], "", r[2]));
        }
        out.append(String.format(
                "%n  ready in %.1f s; resident memory (PSS) %d MB in total (launcher %d MB, PostgreSQL %d MB,",
                timeToReady.toMillis() / 1000.0, residentMegabytes(), ResidentMemory.kb(ProcessHandle.current()) / 1024,
                ResidentMemory.postgresKb(postgres.dataDirectory()) / 1024));
        for (ChildProcess child : children) {
            if (child.isAlive()) {
                out.append(String.format(" %s %d MB,", child.name(),
                        ProcessHandle.of(child.pid()).map(ResidentMemory::kb).orElse(0L) / 1024));
            }
        }
        out.setLength(out.length() - 1);
        out.append(")\n");
        out.append("  data: ").append(dataDir.toAbsolutePath().normalize())
                .append("  (bin/stack --fresh starts empty)\n");
        out.append("  Ctrl-C stops everything.\n");
        return out.toString();
    }

    /**
     * Resident memory (PSS, else RSS) of this JVM, its descendants and PostgreSQL (Linux /proc). PostgreSQL is counted
     * separately because pg_ctl daemonises it: it is not our descendant.
     */
    public long residentMegabytes() {
        return (ResidentMemory.treeKb(ProcessHandle.current()) + ResidentMemory.postgresKb(postgres.dataDirectory()))
                / 1024;
    }

    /**
     * Stops everything in reverse order of start: the applications (in parallel), mail, registry, Kafka, PostgreSQL.
     */
    @Override
    public void close() {
        List<ChildProcess> running;
        synchronized (this) {
            if (started.isEmpty()) {
                return;
            }
            running = new ArrayList<>(apps.values());
            apps.clear();
        }
        System.out.println("\nStopping the local stack …");
        CompletableFuture.allOf(running.stream()
                .map(p -> CompletableFuture.runAsync(p::close))
                .toArray(CompletableFuture[]::new)).join();
        synchronized (this) {
            while (!started.isEmpty()) {
                AutoCloseable next = started.pop();
                try {
                    next.close();
                } catch (Exception e) {
                    System.err.println("while stopping: " + e.getMessage());
                }
            }
        }
        long left = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count();
        System.out.println(left == 0 ? "Stopped; nothing left running."
                : "Stopped; " + left + " process(es) still exiting.");
    }

    // ---- the pieces ----

    private void checkPortsFree() throws IOException {
        List<Integer> ports = new ArrayList<>(List.of(POSTGRES_PORT, KAFKA_PORT, KAFKA_CONTROLLER_PORT, REGISTRY_PORT,
                SMTP_PORT, MAIL_API_PORT));
        if (!infraOnly) {
            Apps.ALL.forEach(app -> {
                ports.add(app.port());
                if (app.managementPort() != app.port()) {
                    ports.add(app.managementPort());
                }
            });
        }
        // A stack that was just stopped (the previous test module's) may take a few seconds to let go of its ports.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<Integer> taken = ports.stream().filter(port -> !free(port)).toList();
        while (!taken.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for ports " + taken, e);
            }
            taken = ports.stream().filter(port -> !free(port)).toList();
        }
        if (!taken.isEmpty()) {
            throw new IOException("port(s) " + taken
                    + " already in use — is another local stack running? (ps -ef | grep dev.esim)");
        }
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** GreenMail keeps every message in memory: 768 MB holds the inboxes of a 10,000-order run. */
    private void startMailCatcher(Path logs) throws IOException {
        List<String> command = new ArrayList<>(List.of(ChildProcess.java(), "-Xmx768m"));
        command.addAll(tuning.infrastructureJvmFlags());
        command.addAll(List.of("-Dgreenmail.setup.test.smtp", "-Dgreenmail.hostname=127.0.0.1",
                "-Dgreenmail.auth.disabled", "-Dgreenmail.api.hostname=127.0.0.1",
                "-Dgreenmail.api.port=" + MAIL_API_PORT, "-cp", System.getProperty("java.class.path"),
                "com.icegreen.greenmail.standalone.GreenMailStandaloneRunner"));
        mail = ChildProcess.start("mail", command, Map.of(), logs);
        track(mail);
        Readiness.await("mail catcher", Duration.ofSeconds(60), Readiness.port(MAIL_API_PORT), mail);
        table.add(row("mail catcher (GreenMail)", "smtp://localhost:" + SMTP_PORT
                + "  inbox API http://localhost:" + MAIL_API_PORT + "/api/user/{email}/messages", mail.log().toString()));
    }

    private ChildProcess startApp(Apps.App app, Path logs) throws IOException {
        Path dir = unpackedDir(app);
        Path jar = dir.resolve(app.jarName());
        List<String> command = new ArrayList<>(List.of(ChildProcess.java()));
        command.addAll(tuning.serviceJvmFlags());
        if (!tuning.setsHeap()) {
            command.add("-Xmx" + app.heap());
        }
        if (cds) {
            // Java 17 has no -XX:+AutoCreateSharedArchive: write the archive when the JVM exits (first run, or after
            // a new jar), use it on every later start. A stale archive is rejected by the JVM, which then runs without.
            // Opt-in: on a loaded 2-core machine the dump at exit took longer than the 20 s a stop waits.
            Path archive = dir.resolve("app.jsa");
            command.add(Files.exists(archive)
                    ? "-XX:SharedArchiveFile=" + archive
                    : "-XX:ArchiveClassesAtExit=" + archive);
            command.add("-Xlog:cds=off,cds+dynamic=off"); // "sharing disabled" warnings are not the service's output
        }
        command.addAll(List.of("-jar", jar.toString()));
        Map<String, String> environment = Apps.environment(app);
        if (app.name().equals("sandbox")) {
            // the gateway's and the providers' memory, kept across restarts like a real account's
            environment.put("SANDBOX_STATE_DIR", dataDir.resolve("sandbox").toAbsolutePath().toString());
        }
        environment.putAll(tuning.environment().getOrDefault(app.name(), Map.of()));
        ChildProcess process = ChildProcess.start(app.name(), command, environment, logs);
        track(process);
        apps.put(app.name(), process);
        return process;
    }

    /** Spring Boot's own {@code -Djarmode=tools extract}, redone only when the jar changed (size or time). */
    private void unpack(Apps.App app) {
        Path jar = app.jar(root);
        Path dir = unpackedDir(app);
        try {
            String stamp = Files.size(jar) + "@" + Files.getLastModifiedTime(jar).toMillis();
            Path stampFile = dir.resolve("extracted-from");
            if (Files.exists(stampFile) && Files.readString(stampFile).equals(stamp)) {
                return;
            }
            deleteRecursively(dir); // the class-data archive goes with it: it belongs to the old jar
            ChildProcess.start("unpack-" + app.name(), List.of(ChildProcess.java(), "-Xmx64m",
                    "-XX:TieredStopAtLevel=1", "-Djarmode=tools", "-jar", jar.toAbsolutePath().toString(), "extract",
                    "--destination", dir.toAbsolutePath().toString()), Map.of(), dataDir.resolve("jvm-cache"))
                    .awaitSuccess(Duration.ofSeconds(120));
            Files.writeString(stampFile, stamp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while unpacking " + jar, e);
        }
    }

    /** Derived from the jars, not data: {@code --fresh} keeps it. */
    private Path unpackedDir(Apps.App app) {
        return dataDir.resolve("jvm-cache").resolve(app.name()).toAbsolutePath();
    }

    private void track(ChildProcess process) {
        children.add(process);
        started.push(process);
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
}
