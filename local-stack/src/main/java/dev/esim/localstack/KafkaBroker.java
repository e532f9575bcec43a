package dev.esim.localstack;

import dev.esim.events.Topic;
import dev.esim.events.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * The Kafka broker (KRaft, one node) as a child JVM: its configuration and storage under {@code <data>/kafka}, its
 * topics from {@link Topics}, and the restart the chaos tool uses.
 */
final class KafkaBroker implements AutoCloseable {

    private final Path config;
    private final Path logs;
    private final Tuning tuning;
    private volatile ChildProcess process;

    private KafkaBroker(Path config, Path logs, Tuning tuning) {
        this.config = config;
        this.logs = logs;
        this.tuning = tuning;
    }

    /** Writes the configuration, formats the storage if needed and starts the broker; does not wait for it. */
    static KafkaBroker start(Path kafkaDir, Path logs, Tuning tuning) throws IOException {
        Files.createDirectories(kafkaDir);
        KafkaBroker broker = new KafkaBroker(kafkaDir.resolve("server.properties"), logs, tuning);
        broker.writeConfig(kafkaDir);
        broker.format(kafkaDir);
        broker.process = broker.launch();
        return broker;
    }

    ChildProcess process() {
        return process;
    }

    void awaitReady() throws IOException {
        Readiness.await("Kafka", Duration.ofSeconds(90), Readiness.port(LocalStack.KAFKA_PORT), process);
    }

    /**
     * Stops the broker ({@code kill}: SIGKILL, else a clean SIGTERM shutdown), starts it again on the same data and
     * waits until it accepts connections.
     */
    ChildProcess restart(boolean kill) throws IOException {
        ChildProcess old = process;
        if (kill) {
            old.kill();
        } else {
            old.close();
        }
        process = launch();
        awaitReady();
        return process;
    }

    /**
     * Every registered topic and its dead-letter topic, with the registry's partitions, cleanup policy and retention,
     * before any service runs. Otherwise the first consumer to subscribe to a topic its owner has not declared yet
     * makes the broker auto-create it with the default partition count; the owner's {@code NewTopic} then adds
     * partitions, which the early consumer does not see for up to {@code metadata.max.age.ms} (5 min) — seen here
     * as notification-service waiting minutes for orders it could not read.
     */
    void createTopics() throws IOException {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + LocalStack.KAFKA_PORT);
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Topic<?> topic : Topics.all()) {
                if (!existing.contains(topic.name())) {
                    missing.add(topic.newTopic());
                }
                if (!existing.contains(topic.deadLetterTopic())) {
                    missing.add(topic.newDeadLetterTopic());
                }
            }
            admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("could not create the topics: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating the topics", e);
        }
    }

    @Override
    public void close() {
        process.close();
    }

    private void writeConfig(Path kafkaDir) throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + LocalStack.KAFKA_CONTROLLER_PORT);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + LocalStack.KAFKA_PORT + ",CONTROLLER://127.0.0.1:"
                + LocalStack.KAFKA_CONTROLLER_PORT);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + LocalStack.KAFKA_PORT);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", kafkaDir.resolve("data").toAbsolutePath().toString());
        p.setProperty("num.partitions", "6"); // topics are created from the registry; this only for strays
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "4");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "4");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        try (var out = Files.newOutputStream(config)) {
            p.store(out, "written by the local stack on every start");
        }
    }

    private void format(Path kafkaDir) throws IOException {
        Path clusterIdFile = kafkaDir.resolve("cluster.id");
        if (!Files.exists(clusterIdFile)) {
            Files.writeString(clusterIdFile, Uuid.randomUuid().toString());
        }
        String clusterId = Files.readString(clusterIdFile).trim();
        try {
            ChildProcess.start("kafka-format", List.of(ChildProcess.java(), "-Xmx128m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", config.toString(),
                    "--ignore-formatted"), Map.of(), logs).awaitSuccess(Duration.ofSeconds(90));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while formatting Kafka's storage", e);
        }
    }

    private ChildProcess launch() throws IOException {
        List<String> command = new ArrayList<>(List.of(ChildProcess.java(), "-Xms64m", "-Xmx384m"));
        command.addAll(tuning.infrastructureJvmFlags());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "kafka.Kafka", config.toString()));
        return ChildProcess.start("kafka", command, Map.of(), logs);
    }
}
