package dev.esim.testkit;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One single-node Kafka (KRaft, combined broker+controller) for the whole test JVM, with transactions enabled.
 * Obtain it with {@link TestInfrastructure#kafka()}.
 *
 * <p>The broker can be stopped and started again within a test ({@link #stopBroker()}, {@link #startBroker()},
 * {@link #outage()}): it comes back on the <em>same port</em> with the <em>same log directories</em>, so records
 * acknowledged before the outage are still there afterwards. Only the broker stops; the KRaft controller keeps
 * running, which clients cannot tell apart from a whole-node outage (the client port refuses connections).
 */
public final class Kafka {

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final EmbeddedKafkaKraftBroker embedded;
    private final String bootstrapServers;

    private Kafka(EmbeddedKafkaKraftBroker embedded) {
        this.embedded = embedded;
        // Cached: the broker's bound port cannot be read while it is stopped, and it does not change on restart.
        this.bootstrapServers = embedded.getBrokersAsString();
    }

    static Kafka start() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperties(Map.of(
                // A single broker cannot satisfy the production defaults (3) for the internal topics, and
                // transactional producers hang in initTransactions() until the transaction log exists.
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "offsets.topic.replication.factor", "1",
                // 50 partitions each by default: creating them costs seconds on 2 cores for no benefit here.
                "transaction.state.log.num.partitions", "4",
                "offsets.topic.num.partitions", "4",
                // Consumer groups would otherwise wait 3 s before the first assignment.
                "group.initial.rebalance.delay.ms", "0"));
        broker.afterPropertiesSet();
        return new Kafka(broker);
    }

    /** {@code host:port} of the broker; stable for the life of the JVM, also across {@link #startBroker()}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Creates the topic with the given partition count (replication factor 1); an existing topic is left as is. */
    public void createTopic(String name, int partitions) {
        createTopics(new NewTopic(name, partitions, (short) 1));
    }

    /** Creates the topics (e.g. built with Spring's {@code TopicBuilder}); existing ones are left as they are. */
    public void createTopics(NewTopic... topics) {
        try (Admin admin = admin()) {
            for (var entry : admin.createTopics(Arrays.asList(topics)).values().entrySet()) {
                try {
                    entry.getValue().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Could not create topic " + entry.getKey(), ex.getCause());
                    }
                }
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        } catch (java.util.concurrent.TimeoutException ex) {
            throw new IllegalStateException("Timed out creating topics", ex);
        }
    }

    /** Number of partitions of an existing topic. */
    public int partitionCount(String topic) {
        try (Admin admin = admin()) {
            return admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().size();
        } catch (Exception ex) {
            throw new IllegalStateException("Could not describe topic " + topic, ex);
        }
    }

    /** A new admin client on this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis()));
    }

    /** Entry point for reading a topic: {@code kafka().records("topic").awaitAtLeast(1)}. */
    public KafkaRecords<String, byte[]> records(String topic) {
        return KafkaRecords.bytes(bootstrapServers, topic);
    }

    /**
     * Stops the broker: its port refuses connections until {@link #startBroker()}. Data on disk is kept.
     * Every test that calls this must restart the broker (use {@link #outage()} in a try-with-resources),
     * because the broker is shared by all tests in the JVM.
     */
    public synchronized void stopBroker() {
        brokers().forEach(BrokerServer::shutdown);
    }

    /** Starts a stopped broker again on the same port and waits until it serves clients. */
    public synchronized void startBroker() {
        brokers().forEach(BrokerServer::startup);
        try {
            cluster().waitForReadyBrokers();
        } catch (ExecutionException ex) {
            throw new IllegalStateException("Broker did not become ready after restart", ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Stops the broker now and starts it again on {@link Outage#close()}:
     * {@code try (var outage = kafka().outage()) { ...expect 503... }}.
     */
    public Outage outage() {
        stopBroker();
        return new Outage(this);
    }

    /** Spring Boot properties that point a service at this broker. */
    public Map<String, String> springProperties() {
        return Map.of("spring.kafka.bootstrap-servers", bootstrapServers);
    }

    private KafkaClusterTestKit cluster() {
        return Objects.requireNonNull(embedded.getCluster(), "Kafka has been shut down");
    }

    private java.util.Collection<BrokerServer> brokers() {
        return cluster().brokers().values();
    }

    /** A broker outage in progress; closing it brings the broker back. */
    public static final class Outage implements AutoCloseable {

        private final Kafka kafka;
        private boolean ended;

        private Outage(Kafka kafka) {
            this.kafka = kafka;
        }

        @Override
        public synchronized void close() {
            if (!ended) {
                ended = true;
                kafka.startBroker();
            }
        }
    }
}
