package dev.esim.testkit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The shared infrastructure of a test JVM. Each piece starts on first use and then serves every test class in
 * the JVM (Failsafe runs all ITs of a module in one JVM), so a module pays each start-up once and only for what
 * its tests ask for. Everything stops in a JVM shutdown hook, in reverse start order.
 *
 * <p>Usually reached through the annotations ({@link WithKafka}, {@link WithPostgres}, {@link WithSchemaRegistry},
 * {@link WithSmtp}); the static accessors are for test code that needs addresses or helpers.
 */
public final class TestInfrastructure {

    private static final Logger LOG = LoggerFactory.getLogger(TestInfrastructure.class);

    private static final Deque<Runnable> STOPS = new ArrayDeque<>();
    private static Kafka kafka;
    private static Postgres postgres;
    private static SchemaRegistry registry;
    private static Smtp smtp;
    private static boolean hookRegistered;

    private TestInfrastructure() {
    }

    /** The Kafka broker (KRaft, transactions enabled), started on first call. */
    public static synchronized Kafka kafka() {
        if (kafka == null) {
            kafka = started("Kafka", Kafka::start, k -> k.bootstrapServers());
            STOPS.push(kafka::close);
        }
        return kafka;
    }

    /** The PostgreSQL server, started on first call. */
    public static synchronized Postgres postgres() {
        if (postgres == null) {
            postgres = started("PostgreSQL", Postgres::start, p -> "127.0.0.1:" + p.port());
            STOPS.push(postgres::close);
        }
        return postgres;
    }

    /** The schema registry (and the PostgreSQL it stores schemas in), started on first call. */
    public static synchronized SchemaRegistry registry() {
        if (registry == null) {
            Postgres database = postgres();
            registry = started("Schema registry", () -> SchemaRegistry.start(database), SchemaRegistry::url);
            STOPS.push(registry::close);
        }
        return registry;
    }

    /** The SMTP catcher, started on first call. */
    public static synchronized Smtp smtp() {
        if (smtp == null) {
            smtp = started("SMTP (GreenMail)", Smtp::start, s -> s.host() + ":" + s.port());
            STOPS.push(smtp::close);
        }
        return smtp;
    }

    /**
     * Copies Spring properties into a {@code @DynamicPropertySource} registry, for tests that wire things by
     * hand: {@code TestInfrastructure.register(registry, TestInfrastructure.kafka().springProperties())}.
     */
    public static void register(DynamicPropertyRegistry registry, Map<String, String> properties) {
        properties.forEach((key, value) -> registry.add(key, () -> value));
    }

    private static <T> T started(String what, Supplier<T> start, java.util.function.Function<T, String> where) {
        registerShutdownHook();
        long begin = System.nanoTime();
        T started = start.get();
        LOG.info("{} started in {} ms at {}", what, (System.nanoTime() - begin) / 1_000_000, where.apply(started));
        return started;
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
            }
            catch (RuntimeException ex) {
                // Keep stopping the rest: a leaked postmaster outlives the JVM, a leaked thread does not.
                LOG.warn("Failed to stop test infrastructure", ex);
            }
        }
    }
}
