package dev.esim.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.esim.testkit.TestInfrastructure;
import dev.esim.testkit.WithKafka;
import dev.esim.testkit.WithSchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

@WithKafka
@WithSchemaRegistry
class ReplayIT {

    // Recent on purpose: the broker's retention (7 days) deletes records with older timestamps at its first check.
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(1));
    private static final KafkaFixture KAFKA = new KafkaFixture();

    @AfterAll
    static void closeProducer() {
        KAFKA.close();
    }

    @Test
    void dryRunCountsAndShowsASampleWithEncryptedFieldsMasked() {
        // given four orders whose e-mail addresses are encrypted, and two activations carrying encrypted LPAs
        String orders = KafkaFixture.uniqueTopic("it.orders", 3);
        String activations = KafkaFixture.uniqueTopic("it.activations", 2);
        for (int i = 0; i < 4; i++) {
            KAFKA.send(orders, null, T0.plusSeconds(i), "ord_dry_" + i, EventFixture.orderPlaced("ord_dry_" + i, T0));
        }
        for (int i = 0; i < 2; i++) {
            KAFKA.send(activations, null, T0, "ord_dry_" + i,
                    EventFixture.activationReady("ord_dry_" + i, "simology", T0));
        }

        // when
        CliRun ordersRun = CliRun.of("replay", orders, "--dry-run", "--sample", "10");
        CliRun activationsRun = CliRun.of("replay", activations, "--dry-run", "--sample", "1");

        // then: counted, sampled, masked
        assertThat(ordersRun.exitCode()).as(ordersRun.toString()).isZero();
        assertThat(ordersRun.out()).contains("scanned 4 records, selected 4", "nothing was re-delivered");
        assertThat(ordersRun.jsonLines()).hasSize(4).allSatisfy(line -> assertThat(line)
                .contains("\"event_type\":\"OrderPlaced\"", "\"customer_email\":\"<encrypted:pii/sandbox>\""));
        assertThat(activationsRun.exitCode()).as(activationsRun.toString()).isZero();
        assertThat(activationsRun.out()).contains("selected 2", "sample (1 of 2)");
        assertThat(activationsRun.jsonLines()).singleElement()
                .satisfies(line -> assertThat(line).contains("\"lpa\":\"<encrypted:activation/sandbox>\""));

        // and no plaintext anywhere, nothing written
        String everything = ordersRun.out() + ordersRun.err() + activationsRun.out() + activationsRun.err();
        assertThat(everything).doesNotContain("traveller+").doesNotContain("@example.com")
                .doesNotContain("SECRET-CODE").doesNotContain("LPA:1$");
        assertThat(KafkaFixture.readAll(orders)).hasSize(4);
        assertThat(KafkaFixture.readAll(activations)).hasSize(2);
    }

    @Test
    void timeRangeAndOrderIdSelectExactlyTheRecordsInside() {
        // given one record a minute for ten minutes, alternating between two orders, on two partitions
        String topic = KafkaFixture.uniqueTopic("it.payments", 2);
        for (int minute = 0; minute < 10; minute++) {
            String order = minute % 2 == 0 ? "ord_even" : "ord_odd";
            KAFKA.send(topic, minute % 2, T0.plus(Duration.ofMinutes(minute)), order,
                    EventFixture.paymentFailed(order, T0.plus(Duration.ofMinutes(minute))));
        }

        // when: minutes 3 (inclusive) to 7 (exclusive)
        CliRun byTime = CliRun.of("replay", topic, "--dry-run", "--sample", "100",
                "--from", T0.plus(Duration.ofMinutes(3)).toString(), "--to", T0.plus(Duration.ofMinutes(7)).toString());
        CliRun byTimeAndOrder = CliRun.of("replay", topic, "--dry-run", "--sample", "100",
                "--from", T0.plus(Duration.ofMinutes(3)).toString(), "--to", T0.plus(Duration.ofMinutes(7)).toString(),
                "--order-id", "ord_even");

        // then
        assertThat(byTime.exitCode()).as(byTime.toString()).isZero();
        assertThat(timestamps(byTime)).containsExactlyInAnyOrder(minute(3), minute(4), minute(5), minute(6));
        assertThat(byTime.out()).contains("selected 4");
        assertThat(byTimeAndOrder.exitCode()).as(byTimeAndOrder.toString()).isZero();
        assertThat(timestamps(byTimeAndOrder)).containsExactlyInAnyOrder(minute(4), minute(6));
        assertThat(byTimeAndOrder.jsonLines()).allSatisfy(line -> assertThat(line).contains("\"key\":\"ord_even\""));
    }

    @Test
    void republishAppendsExactlyTheSelectedRecordsWithIdenticalBytesAndHeaders() {
        // given two orders with a failed and a succeeded payment each, with a tracing header
        String topic = KafkaFixture.uniqueTopic("it.payments", 3);
        Header trace = new RecordHeader("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
                .getBytes(StandardCharsets.UTF_8));
        RecordMetadata wantedAt = null;
        for (String order : List.of("ord_r1", "ord_r2")) {
            KAFKA.send(topic, null, T0, order, EventFixture.paymentFailed(order, T0), trace);
            wantedAt = KAFKA.send(topic, null, T0.plusSeconds(1), order, EventFixture.paymentSucceeded(order, T0),
                    trace);
        }
        List<ConsumerRecord<String, byte[]>> before = KafkaFixture.readAll(topic);
        RecordMetadata wantedMetadata = wantedAt;
        ConsumerRecord<String, byte[]> wanted = before.stream()
                .filter(r -> r.partition() == wantedMetadata.partition() && r.offset() == wantedMetadata.offset())
                .findFirst().orElseThrow();

        // when
        CliRun run = CliRun.of("replay", topic, "--order-id", "ord_r2", "--type", "PaymentSucceeded",
                "--mode", "republish", "--reason", "INC-1 worker dropped the payment", "--operator", "alice", "--yes");

        // then: one new record, a byte-for-byte copy in the same partition; the event id inside is unchanged
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).containsPattern("republished 1 of 4 scanned records .* in \\d+\\.\\d\\d s "
                + "\\(\\d+ records/s\\)");
        List<ConsumerRecord<String, byte[]>> after = KafkaFixture.readAll(topic);
        assertThat(after).hasSize(before.size() + 1);
        List<ConsumerRecord<String, byte[]>> copies = after.stream()
                .filter(r -> r.partition() == wanted.partition() && r.offset() > lastOffset(before, wanted.partition()))
                .toList();
        assertThat(copies).singleElement().satisfies(copy -> {
            assertThat(copy.key()).isEqualTo("ord_r2");
            assertThat(copy.value()).isEqualTo(wanted.value());
            assertThat(copy.headers().toArray()).containsExactly(wanted.headers().toArray());
        });

        // and the audit trail says who, what and why
        List<JsonNode> audit = KafkaFixture.auditRecords(run.auditId());
        assertThat(audit).extracting(a -> a.get("outcome").asText()).containsExactly("started", "completed");
        JsonNode completed = audit.get(1);
        assertThat(completed.get("operator").asText()).isEqualTo("alice");
        assertThat(completed.get("reason").asText()).isEqualTo("INC-1 worker dropped the payment");
        assertThat(completed.get("mode").asText()).isEqualTo("republish");
        assertThat(completed.get("topic").asText()).isEqualTo(topic);
        assertThat(completed.at("/filters/order_id").asText()).isEqualTo("ord_r2");
        assertThat(completed.at("/filters/type").asText()).isEqualTo("PaymentSucceeded");
        assertThat(completed.at("/counts/scanned").asLong()).isEqualTo(4);
        assertThat(completed.at("/counts/republished").asLong()).isEqualTo(1);
    }

    @Test
    void aReplayIsAskedForBeforeAnythingIsPublishedAndRefusedWithoutAnAnswer() {
        String topic = KafkaFixture.uniqueTopic("it.payments", 1);
        KAFKA.send(topic, null, T0, "ord_c1", EventFixture.paymentSucceeded("ord_c1", T0));
        Confirmation.Terminal before = Confirmation.terminal;
        List<String> asked = new ArrayList<>();
        try {
            // no terminal to ask on (a script, a pipe) and no --yes
            Confirmation.terminal = null;
            CliRun unattended = CliRun.of("replay", topic, "--mode", "republish", "--reason", "INC-3");
            // the operator reads the question and answers no, then yes
            Confirmation.terminal = question -> {
                asked.add(question);
                return asked.size() == 1 ? "no" : "yes";
            };
            CliRun declined = CliRun.of("replay", topic, "--mode", "republish", "--reason", "INC-3");
            assertThat(KafkaFixture.readAll(topic)).as("records after the refusals").hasSize(1);
            CliRun confirmed = CliRun.of("replay", topic, "--mode", "republish", "--reason", "INC-3");

            assertThat(unattended.exitCode()).as(unattended.toString()).isEqualTo(OpsException.REFUSED);
            assertThat(unattended.err()).contains("add --yes");
            assertThat(declined.exitCode()).as(declined.toString()).isEqualTo(OpsException.REFUSED);
            assertThat(declined.err()).contains("nothing was changed");
            assertThat(asked.get(0)).contains("Republish", topic, "Type yes");
            assertThat(confirmed.exitCode()).as(confirmed.toString()).isZero();
            assertThat(KafkaFixture.readAll(topic)).hasSize(2);
        } finally {
            Confirmation.terminal = before;
        }
    }

    @Test
    void republishToATargetTopicCopiesOnlyTheSelection() {
        String topic = KafkaFixture.uniqueTopic("it.activations", 2);
        String target = KafkaFixture.uniqueTopic("it.activations.replay", 2);
        KAFKA.send(topic, null, T0, "ord_t1", EventFixture.activationReady("ord_t1", "simology", T0));
        KAFKA.send(topic, null, T0, "ord_t2", EventFixture.activationReady("ord_t2", "esimaccess", T0));
        KAFKA.send(topic, null, T0, "ord_t3", EventFixture.activationReady("ord_t3", "simology", T0));

        CliRun run = CliRun.of("replay", topic, "--provider", "simology", "--mode", "republish",
                "--target-topic", target, "--reason", "rebuild a downstream projection", "--yes");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(KafkaFixture.readAll(target)).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder("ord_t1", "ord_t3");
        assertThat(KafkaFixture.readAll(topic)).hasSize(3);
    }

    @Test
    void rewindMovesTheGroupsCommittedOffsetsBackToTheFirstSelectedRecord() throws Exception {
        // given a group that has consumed all six records of a partition
        String topic = KafkaFixture.uniqueTopic("it.activations", 1);
        String group = "it-group-" + topic;
        for (int minute = 0; minute < 6; minute++) {
            KAFKA.send(topic, 0, T0.plus(Duration.ofMinutes(minute)), "ord_w" + minute,
                    EventFixture.activationReady("ord_w" + minute, "simology", T0));
        }
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Admin admin = TestInfrastructure.kafka().admin()) {
            admin.alterConsumerGroupOffsets(group, Map.of(partition, new OffsetAndMetadata(6))).all().get();

            // when: replay from minute 2 by rewinding the group
            CliRun run = CliRun.of("replay", topic, "--from", T0.plus(Duration.ofMinutes(2)).toString(),
                    "--mode", "rewind", "--group", group, "--reason", "INC-2 SMTP outage", "--yes");

            // then
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("will re-read 4 records");
            assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .get(partition).offset()).isEqualTo(2);
            List<JsonNode> audit = KafkaFixture.auditRecords(run.auditId());
            assertThat(audit).last().satisfies(completed -> {
                assertThat(completed.get("outcome").asText()).isEqualTo("completed");
                assertThat(completed.get("group").asText()).isEqualTo(group);
                assertThat(completed.at("/counts/redelivered").asLong()).isEqualTo(4);
            });
        }
    }

    @Test
    void refusesToRewindAGroupWithActiveMembers() throws Exception {
        // given a running member of the group
        String topic = KafkaFixture.uniqueTopic("it.activations", 1);
        String group = "it-busy-" + topic;
        KAFKA.send(topic, 0, T0, "ord_busy", EventFixture.activationReady("ord_busy", "simology", T0));
        try (KafkaConsumer<byte[], byte[]> member = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            member.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            int consumed = 0;
            while (consumed == 0 && System.nanoTime() < deadline) {
                consumed += member.poll(Duration.ofMillis(100)).count();
            }
            member.commitSync();

            // when
            CliRun run = CliRun.of("replay", topic, "--mode", "rewind", "--group", group, "--reason", "test",
                    "--yes");

            // then
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(OpsException.REFUSED);
            assertThat(run.err()).contains("consumer group " + group + " has 1 active member", "Stop its consumers");
            assertThat(member.committed(Set.of(new TopicPartition(topic, 0))).get(new TopicPartition(topic, 0))
                    .offset()).isEqualTo(1);
        }
    }

    private static Set<String> timestamps(CliRun run) {
        return run.jsonLines().stream().map(KafkaFixture::parse).map(json -> json.get("timestamp").asText())
                .collect(Collectors.toSet());
    }

    private static String minute(int minute) {
        return T0.plus(Duration.ofMinutes(minute)).toString();
    }

    private static long lastOffset(List<ConsumerRecord<String, byte[]>> records, int partition) {
        List<Long> offsets = new ArrayList<>();
        records.stream().filter(r -> r.partition() == partition).forEach(r -> offsets.add(r.offset()));
        return offsets.stream().mapToLong(Long::longValue).max().orElse(-1);
    }
}
