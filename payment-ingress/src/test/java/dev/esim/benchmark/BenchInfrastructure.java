package dev.esim.benchmark;

import dev.esim.events.Topics;
import dev.esim.testkit.Kafka;
import dev.esim.testkit.TestInfrastructure;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * bench/run.sh's Kafka and schema registry: the test-support infrastructure (in-process KRaft broker, registry on
 * embedded PostgreSQL) started as a process. Writes their addresses as shell variables to the file given as the first
 * argument and runs until killed.
 */
public final class BenchInfrastructure {

    private BenchInfrastructure() {
    }

    public static void main(String[] args) throws Exception {
        Kafka kafka = TestInfrastructure.kafka();
        kafka.createTopic(Topics.PAYMENTS.name(), Topics.PAYMENTS.partitions());
        kafka.createTopic(Topics.PROVIDER_EVENTS.name(), Topics.PROVIDER_EVENTS.partitions());
        String registry = TestInfrastructure.registry().url();
        Path env = Path.of(args[0]);
        Files.writeString(env.resolveSibling(env.getFileName() + ".tmp"),
                "KAFKA_BOOTSTRAP_SERVERS=" + kafka.bootstrapServers() + "\nSCHEMA_REGISTRY_URL=" + registry + "\n");
        Files.move(env.resolveSibling(env.getFileName() + ".tmp"), env,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.println("Kafka " + kafka.bootstrapServers() + ", registry " + registry);
        Thread.currentThread().join();
    }
}
