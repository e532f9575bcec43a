package dev.esim.provisioning.it;

import dev.esim.events.Topic;
import dev.esim.events.Topics;
import dev.esim.events.avro.ActivationEvent;
import dev.esim.events.serde.ConfluentAvroDeserializer;
import dev.esim.events.serde.ConfluentAvroSerializer;
import dev.esim.testkit.HostileRecords;
import dev.esim.testkit.Kafka;
import dev.esim.testkit.KafkaRecords;
import dev.esim.testkit.Postgres;
import dev.esim.testkit.TestInfrastructure;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Real infrastructure for one test class: the shared Kafka (transactions) and PostgreSQL of the test JVM, the schema
 * registry, a fresh database and consumer group for the worker, and the Kafka ends the worker talks to (inputs in,
 * activations out, read the way a downstream team reads them: read_committed).
 */
final class WorkerSetup implements AutoCloseable {

    static final int PARTITIONS = 6;
    static final List<Topic<?>> INPUTS = List.of(Topics.ORDERS, Topics.PAYMENTS, Topics.PROVIDER_EVENTS);

    final Kafka kafka = TestInfrastructure.kafka();
    final String registryUrl = TestInfrastructure.registry().url();
    final Postgres.Database database;
    final String group;
    private final KafkaProducer<String, Object> producer;
    private final ConfluentAvroSerializer serializer;

    WorkerSetup(String name) {
        for (Topic<?> input : INPUTS) {
            kafka.createTopic(input.name(), PARTITIONS);
            kafka.createTopic(input.deadLetterTopic(), PARTITIONS);
        }
        kafka.createTopic(Topics.ACTIVATIONS.name(), Topics.ACTIVATIONS.partitions());
        database = TestInfrastructure.postgres().newDatabase(name);
        group = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        startGroupAtEndOfInputs();
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put("schema.registry.url", registryUrl);
        serializer = new ConfluentAvroSerializer();
        serializer.configure(config, false);
        producer = new KafkaProducer<>(config, new StringSerializer(), serializer);
    }

    /** The worker's properties: this class's database and group, the given providers, short back-offs. */
    Map<String, Object> workerProperties(Map<String, URI> providers) {
        Map<String, Object> p = new LinkedHashMap<>();
        // No web server in the ITs: closing a WebFlux context disposes Reactor Netty's global event loops, which the
        // in-process provider simulator serves on. Actuator metrics are read from the MeterRegistry instead.
        p.put("spring.main.web-application-type", "none");
        p.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        p.put("spring.kafka.properties.schema.registry.url", registryUrl);
        p.put("spring.datasource.url", database.jdbcUrl());
        p.put("spring.datasource.username", database.username());
        p.put("spring.datasource.password", database.password());
        p.put("spring.datasource.hikari.maximum-pool-size", 3);
        p.put("spring.kafka.consumer.group-id", group);
        // the same prefix after a restart: the new instance fences whatever its predecessor left open
        p.put("spring.kafka.producer.transaction-id-prefix", "pw-" + group + "-");
        p.put("spring.kafka.producer.properties.transaction.timeout.ms", 5_000);
        p.put("spring.kafka.consumer.properties.session.timeout.ms", 6_000);
        p.put("spring.kafka.consumer.properties.heartbeat.interval.ms", 1_000);
        p.put("spring.kafka.consumer.properties.max.poll.interval.ms", 60_000);
        p.put("esim.worker.retry.max-retries", 6);
        p.put("esim.worker.retry.initial-interval", "200ms");
        p.put("esim.worker.retry.max-interval", "2s");
        p.put("esim.worker.checks.first-after", "1s");
        p.put("esim.worker.checks.max-interval", "3s");
        p.put("esim.worker.checks.sweep-interval", "500ms");
        p.put("esim.worker.checks.lease", "10s");
        int i = 0;
        for (Map.Entry<String, URI> provider : providers.entrySet()) {
            String prefix = "esim.worker.providers[" + i++ + "].";
            p.put(prefix + "name", provider.getKey());
            p.put(prefix + "type", "simology");
            p.put(prefix + "base-url", provider.getValue().toString());
            p.put(prefix + "api-key", "sk_sandbox_simology_local");
            p.put(prefix + "timeout", "2s");
            p.put(prefix + "call-timeout", "3s");
            p.put(prefix + "initial-backoff", "50ms");
            p.put(prefix + "max-backoff", "400ms");
            p.put(prefix + "circuit-open-for", "2s");
        }
        return p;
    }

    void send(String topic, String key, SpecificRecord value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
    }

    /**
     * A paid order's inputs, each a send to run in any order: its {@code OrderPlaced}, the same Stripe webhook
     * delivered three times (same gateway event id, same event id) and another gateway event reporting the payment.
     */
    List<Runnable> paidOrderInputs(String order) {
        List<Runnable> inputs = new ArrayList<>();
        inputs.add(() -> send(Topics.ORDERS.name(), order, EventFixture.orderPlaced(order)));
        for (int i = 0; i < 3; i++) {
            inputs.add(() -> send(Topics.PAYMENTS.name(), order,
                    EventFixture.paymentSucceeded(order, "evt_completed_" + order)));
        }
        inputs.add(() -> send(Topics.PAYMENTS.name(), order,
                EventFixture.paymentSucceeded(order, "evt_intent_" + order)));
        return inputs;
    }

    /** The registry's id of the schema {@code value} is written with on {@code topic}. */
    int schemaId(String topic, SpecificRecord value) {
        return HostileRecords.schemaIdOf(serializer.serialize(topic, value));
    }

    void sendRaw(String topic, String key, byte[] value) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(config, new StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Activation events for these orders that a read_committed consumer sees right now. */
    List<ActivationEvent> committedActivations(Set<String> orderIds) {
        return activations(activationRecords(), orderIds);
    }

    /** Also the records of aborted transactions. */
    List<ActivationEvent> allActivationsIncludingAborted(Set<String> orderIds) {
        return activations(activationRecords().readUncommitted(), orderIds);
    }

    private static List<ActivationEvent> activations(KafkaRecords<String, Object> records, Set<String> orderIds) {
        return records.readAll().stream()
                .filter(r -> orderIds.contains(r.key()))
                .map(ConsumerRecord::value)
                .map(ActivationEvent.class::cast)
                .toList();
    }

    private KafkaRecords<String, Object> activationRecords() {
        ConfluentAvroDeserializer values = new ConfluentAvroDeserializer();
        values.configure(Map.of("schema.registry.url", registryUrl, "specific.avro.reader", true), false);
        return KafkaRecords.of(Topics.ACTIVATIONS.name(), new StringDeserializer(), values)
                .withTimeout(Duration.ofSeconds(20));
    }

    List<ConsumerRecord<String, byte[]>> deadLetters(String topic, String key) {
        return KafkaRecords.bytes(topic + Topic.DLT_SUFFIX).withTimeout(Duration.ofSeconds(20)).readAll().stream()
                .filter(r -> key.equals(r.key())).toList();
    }

    JdbcClient jdbc() {
        return JdbcClient.create(database.dataSource());
    }

    /**
     * The topics are shared by every test class in this JVM: start this class's consumer group at their current end,
     * so the worker only sees this class's events.
     */
    private void startGroupAtEndOfInputs() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                tryStartGroupAtEndOfInputs();
                return;
            } catch (IllegalStateException e) {
                // freshly created topics take a moment to show up in the broker's metadata
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                sleep(Duration.ofMillis(500));
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void tryStartGroupAtEndOfInputs() {
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (Topic<?> input : INPUTS) {
                for (int p = 0; p < PARTITIONS; p++) {
                    request.put(new TopicPartition(input.name(), p), OffsetSpec.latest());
                }
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> offsets = ends.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue().offset())));
            admin.alterConsumerGroupOffsets(group, offsets).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not position consumer group " + group, e);
        }
    }

    /** Waits until the worker's group has committed every input record published so far. */
    void awaitDrained() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (Admin admin = kafka.admin()) {
            while (true) {
                Map<TopicPartition, OffsetSpec> request = new HashMap<>();
                for (Topic<?> input : INPUTS) {
                    for (int p = 0; p < PARTITIONS; p++) {
                        request.put(new TopicPartition(input.name(), p), OffsetSpec.latest());
                    }
                }
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                        admin.listOffsets(request).all().get(30, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                boolean drained = ends.entrySet().stream().allMatch(e -> {
                    OffsetAndMetadata c = committed.get(e.getKey());
                    return c != null && c.offset() >= e.getValue().offset();
                });
                if (drained) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("group " + group + " did not catch up: committed " + committed
                            + ", ends " + ends);
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Fences the worker's open transactions the way a second instance with the same transactional id would: a
     * producer of that id initialises, which aborts the transaction and makes the worker's commit fail with
     * {@code ProducerFencedException}. Returns how many it fenced.
     */
    int fenceOpenTransactions() {
        try (Admin admin = kafka.admin()) {
            List<String> open = admin.listTransactions().all().get(30, TimeUnit.SECONDS).stream()
                    .filter(t -> t.transactionalId().startsWith("pw-" + group + "-"))
                    .filter(t -> t.state() == TransactionState.ONGOING)
                    .map(TransactionListing::transactionalId)
                    .toList();
            for (String transactionalId : open) {
                Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
                try (KafkaProducer<String, String> usurper = new KafkaProducer<>(config, new StringSerializer(),
                        new StringSerializer())) {
                    usurper.initTransactions();
                }
            }
            return open.size();
        } catch (Exception e) {
            throw new IllegalStateException("could not fence the worker's transactions", e);
        }
    }

    static String newOrderId() {
        return "ord_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
