package dev.esim.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.esim.testkit.TestInfrastructure;
import dev.esim.testkit.WithKafka;
import dev.esim.testkit.WithSchemaRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Dead letters written by spring-kafka's own {@link DeadLetterPublishingRecoverer} to {@code <topic>-dlt}, then
 * listed, shown and redriven with the CLI. The services let the key pick the dead letter's partition; here it keeps
 * the failed record's partition number, so the test knows where to look.
 */
@WithKafka
@WithSchemaRegistry
class DeadLetterIT {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Header TRACE = new RecordHeader("traceparent",
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".getBytes(StandardCharsets.UTF_8));

    private static final KafkaFixture KAFKA = new KafkaFixture();
    private static DefaultKafkaProducerFactory<String, byte[]> producerFactory;
    private static DeadLetterPublishingRecoverer recoverer;

    @BeforeAll
    static void springKafkaRecoverer() {
        producerFactory = new DefaultKafkaProducerFactory<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
        recoverer = new DeadLetterPublishingRecoverer(new KafkaTemplate<>(producerFactory),
                (record, exception) -> new TopicPartition(record.topic() + "-dlt", record.partition()));
    }

    @AfterAll
    static void close() {
        producerFactory.destroy();
        KAFKA.close();
    }

    @Test
    void listShowAndRedriveRoundTrip() {
        // given a payment and a poison pill that a service gave up on after three attempts
        String topic = KafkaFixture.uniqueTopic("it.payments", 2);
        TestInfrastructure.kafka().createTopic(topic + "-dlt", 2);
        RecordMetadata payment =
                KAFKA.send(topic, 1, NOW, "ord_d1", EventFixture.paymentSucceeded("ord_d1", NOW), TRACE);
        RecordMetadata pill =
                KAFKA.sendRaw(topic, 0, NOW, "ord_d2", "not avro at all".getBytes(StandardCharsets.UTF_8));
        List<ConsumerRecord<String, byte[]>> originals = KafkaFixture.readAll(topic);
        deadLetter(find(originals, payment), new IllegalStateException("provider rejected the order: out_of_stock"));
        deadLetter(find(originals, pill), new IllegalArgumentException("Unknown magic byte!"));

        // when: list
        CliRun list = CliRun.of("dlt", "list", topic);

        // then: where each came from, why, and how often it was tried
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out())
                .contains("2 dead letter(s) on " + topic + "-dlt")
                .contains("key=ord_d1  type=PaymentSucceeded  from " + topic + "/1@" + payment.offset()
                        + "  attempts=3")
                .contains("key=ord_d2  type=<not avro>  from " + topic + "/0@" + pill.offset())
                .contains(ListenerExecutionFailedException.class.getName())
                .contains("provider rejected the order: out_of_stock");

        // and: the same as JSON lines, one per dead letter, for scripts
        CliRun listJson = CliRun.of("dlt", "list", topic, "--json");
        assertThat(listJson.exitCode()).as(listJson.toString()).isZero();
        assertThat(listJson.out().lines()).hasSize(2).allMatch(line -> line.startsWith("{"));
        assertThat(listJson.jsonLines()).anySatisfy(line -> assertThat(line).contains("\"key\":\"ord_d1\"",
                "\"event_type\":\"PaymentSucceeded\"", "\"attempts\":3", "\"origin\":\"" + topic + "/1@"
                        + payment.offset() + "\"", "out_of_stock"));
        assertThat(listJson.err()).contains("2 dead letter(s) on " + topic + "-dlt");

        // when: show the payment's dead letter
        CliRun show = CliRun.of("dlt", "show", topic, "--partition", "1", "--offset", "0");

        // then: the failure in full, the event masked
        assertThat(show.exitCode()).as(show.toString()).isZero();
        assertThat(show.out())
                .contains("original      " + topic + "/1@" + payment.offset())
                .contains("attempts      3")
                .contains("cause         java.lang.IllegalStateException")
                .contains("event         PaymentSucceeded")
                .contains("\"original_payload\":\"<encrypted:pii/sandbox>\"")
                .contains("\"kafka_dlt-original-partition\":1", "\"kafka_dlt-original-offset\":" + payment.offset())
                .doesNotContain(EventFixture.emailOf("ord_d1"));

        // when: redrive that order
        CliRun redrive = CliRun.of("dlt", "redrive", topic, "--order-id", "ord_d1",
                "--reason", "INC-7 stock refilled", "--operator", "bob", "--yes");

        // then: the original bytes are back on the original topic, with the original headers only
        assertThat(redrive.exitCode()).as(redrive.toString()).isZero();
        List<ConsumerRecord<String, byte[]>> after = KafkaFixture.readAll(topic);
        assertThat(after).hasSize(originals.size() + 1);
        ConsumerRecord<String, byte[]> original = find(originals, payment);
        ConsumerRecord<String, byte[]> redriven = after.stream()
                .filter(r -> r.partition() == 1 && r.offset() > payment.offset()).findFirst().orElseThrow();
        assertThat(redriven.key()).isEqualTo("ord_d1");
        assertThat(redriven.value()).isEqualTo(original.value());
        assertThat(redriven.headers().toArray()).containsExactly(TRACE);
        assertThat(KafkaFixture.readAll(topic + "-dlt")).hasSize(2);

        // and it is audited
        List<JsonNode> audit = KafkaFixture.auditRecords(redrive.auditId());
        assertThat(audit).extracting(a -> a.get("outcome").asText()).containsExactly("started", "completed");
        assertThat(audit.get(1).get("action").asText()).isEqualTo("dlt.redrive");
        assertThat(audit.get(1).get("operator").asText()).isEqualTo("bob");
        assertThat(audit.get(1).at("/filters/order_id").asText()).isEqualTo("ord_d1");
        assertThat(audit.get(1).at("/counts/redriven").asLong()).isEqualTo(1);
    }

    @Test
    void redriveDryRunSendsNothing() {
        String topic = KafkaFixture.uniqueTopic("it.orders", 1);
        TestInfrastructure.kafka().createTopic(topic + "-dlt", 1);
        RecordMetadata order = KAFKA.send(topic, 0, NOW, "ord_d9", EventFixture.orderPlaced("ord_d9", NOW));
        deadLetter(find(KafkaFixture.readAll(topic), order), new IllegalStateException("boom"));

        CliRun run = CliRun.of("dlt", "redrive", topic + "-dlt", "--all", "--dry-run");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("would redrive 0@0  key=ord_d9  -> " + topic, "1 dead letter(s) would be redriven");
        assertThat(KafkaFixture.readAll(topic)).hasSize(1);
    }

    @Test
    void aDeadLetterWhoseHeaderNamesAnotherTopicIsNotRedrivenThere() {
        String topic = KafkaFixture.uniqueTopic("it.orders", 1);
        String elsewhere = KafkaFixture.uniqueTopic("it.activations", 1);
        TestInfrastructure.kafka().createTopic(topic + "-dlt", 1);
        // written straight onto the DLT by someone who can produce there, claiming to come from another topic
        byte[] value =
                EventFixture.serialize(KafkaFixture.registryUrl(), topic, EventFixture.orderPlaced("ord_f1", NOW));
        KAFKA.sendRaw(topic + "-dlt", 0, NOW, "ord_f1", value,
                new RecordHeader(DeadLetter.ORIGINAL_TOPIC, elsewhere.getBytes(StandardCharsets.UTF_8)));

        CliRun run = CliRun.of("dlt", "redrive", topic + "-dlt", "--all", "--yes", "--reason", "forged header",
                "--operator", "it");

        assertThat(run.exitCode()).as(run.toString()).isNotZero();
        assertThat(run.err()).contains("refusing 0@0", elsewhere);
        assertThat(KafkaFixture.readAll(elsewhere)).isEmpty();
        assertThat(KafkaFixture.readAll(topic)).isEmpty();
    }

    /** What the listener container does after its last retry: hand the record to the recoverer. */
    private static void deadLetter(ConsumerRecord<String, byte[]> record, Exception cause) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(KafkaHeaders.DELIVERY_ATTEMPT, ByteBuffer.allocate(4).putInt(3).array());
        ConsumerRecord<String, byte[]> delivered = new ConsumerRecord<>(record.topic(), record.partition(),
                record.offset(), record.timestamp(), record.timestampType(), record.serializedKeySize(),
                record.serializedValueSize(), record.key(), record.value(), headers, record.leaderEpoch());
        recoverer.accept(delivered, null, new ListenerExecutionFailedException("Listener failed", cause));
    }

    private static ConsumerRecord<String, byte[]> find(List<ConsumerRecord<String, byte[]>> records,
            RecordMetadata at) {
        return records.stream().filter(r -> r.partition() == at.partition() && r.offset() == at.offset())
                .findFirst().orElseThrow();
    }

}
