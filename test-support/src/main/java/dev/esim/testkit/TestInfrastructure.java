package dev.esim.testkit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The shared infrastructure of a test JVM. Each piece starts on first use and then serves every test class in
 * the JVM (Failsafe runs all ITs of a module in one JVM), so a module pays each start-up once and only for what
 * its tests ask for. PostgreSQL (a child process), the registry and GreenMail stop in a JVM shutdown hook, in
 * reverse start order; not at the end of the JUnit run, because cached Spring contexts outlive it.
 *
 * <p>Usually reached through the annotations ({@link WithKafka}, {@link WithPostgres}, {@link WithSchemaRegistry},
 * {@link WithSmtp}); the static accessors are for test code that needs addresses or helpers.
 */
public final class TestInfrastructure {

    private static final Logger LOG = LoggerFactory.getLogger(TestInfrastructure.class);

    private static final Deque<Runnable> STOPS = new ArrayDeque<>();
    // Kafka is not stopped at exit on purpose: the in-process broker dies with the JVM (Kafka's test kit deletes
    // its directory in its own hook), whereas stopping it would race with cached Spring contexts whose Kafka
    // clients, closing in their own hooks, would then wait out their close timeouts and stretch every build.
    private static final Lazy<Kafka> KAFKA = new Lazy<>("Kafka", Kafka::start, Kafka::bootstrapServers,
            kafka -> { });
    private static final Lazy<Postgres> POSTGRES = new Lazy<>("PostgreSQL", Postgres::start,
            p -> "127.0.0.1:" + p.port(), Postgres::close);
    private static final Lazy<SchemaRegistry> REGISTRY = new Lazy<>("Schema registry",
            () -> SchemaRegistry.start(postgres()), SchemaRegistry::url, SchemaRegistry::close);
    private static final Lazy<Smtp> SMTP = new Lazy<>("SMTP (GreenMail)", Smtp::start,
            s -> s.host() + ":" + s.port(), Smtp::close);
    private static boolean hookRegistered;

    private TestInfrastructure() {
    }

    /** The Kafka broker (KRaft, transactions enabled), started on first call. */
    public static Kafka kafka() {
        return KAFKA.get();
    }

    /** The PostgreSQL server, started on first call. */
    public static Postgres postgres() {
        return POSTGRES.get();
    }

    /** The schema registry (and the PostgreSQL it stores schemas in), started on first call. */
    public static SchemaRegistry registry() {
        return REGISTRY.get();
    }

    /** The SMTP catcher, started on first call. */
    public static Smtp smtp() {
        return SMTP.get();
    }

    /**
     * Starts what is asked for, Kafka on a second thread: the broker warms up in this JVM while PostgreSQL's
     * initdb runs in a child process, which saves most of the shorter of the two start-ups.
     */
    static void start(boolean kafka, boolean postgres, boolean registry, boolean smtp) {
        boolean postgresToo = postgres || registry;
        CompletableFuture<Kafka> kafkaStart = kafka && postgresToo && !KAFKA.isStarted()
                ? CompletableFuture.supplyAsync(TestInfrastructure::kafka, runnable -> {
                    Thread thread = new Thread(runnable, "test-infrastructure-kafka-start");
                    thread.setDaemon(true);
                    thread.start();
                })
                : CompletableFuture.completedFuture(null);
        if (postgres) {
            postgres();
        }
        if (registry) {
            registry();
        }
        if (smtp) {
            smtp();
        }
        kafkaStart.join();
        if (kafka) {
            kafka();
        }
    }

    /**
     * Copies Spring properties into a {@code @DynamicPropertySource} registry, for tests that wire things by
     * hand: {@code TestInfrastructure.register(registry, TestInfrastructure.kafka().springProperties())}.
     */
    public static void register(DynamicPropertyRegistry registry, Map<String, String> properties) {
        properties.forEach((key, value) -> registry.add(key, () -> value));
    }

    /** Started once, on first use, by whichever thread gets there first; the others wait for it. */
    private static final class Lazy<T> {

        private final String what;
        private final Supplier<T> start;
        private final Function<T, String> where;
        private final Consumer<T> stop;
        private volatile T value;

        Lazy(String what, Supplier<T> start, Function<T, String> where, Consumer<T> stop) {
            this.what = what;
            this.start = start;
            this.where = where;
            this.stop = stop;
        }

        boolean isStarted() {
            return value != null;
        }

        T get() {
            T current = value;
            if (current != null) {
                return current;
            }
            synchronized (this) {
                if (value == null) {
                    long begin = System.nanoTime();
                    T started = start.get();
                    LOG.info("{} started in {} ms at {}", what, (System.nanoTime() - begin) / 1_000_000,
                            where.apply(started));
                    onStop(() -> stop.accept(started));
                    value = started;
                }
                return value;
            }
        }
    }

    private static synchronized void onStop(Runnable stop) {
        registerShutdownHook();
        STOPS.push(stop);
    }

    private static void registerShutdownHook() {
        if (!hookRegistered) {
            hookRegistered = true;
            Runtime.getRuntime().addShutdownHook(new Thread(TestInfrastructure::stopAll, "test-infrastructure-stop"));
        }
    }

    private static synchronized void stopAll() {
        while (!STOPS.isEmpty()) {
            try {
                STOPS.pop().run();
            } catch (RuntimeException ex) {
                // Keep stopping the rest: a leaked postmaster outlives the JVM, a leaked thread does not.
                LOG.warn("Failed to stop test infrastructure", ex);
            }
        }
    }
}
