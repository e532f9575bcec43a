package dev.esim.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.esim.ops.OpsCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/**
 * Support's "replay the whole payments topic" is harmless: every record goes back onto {@code esim.payments.v1} with
 * its original event id, and every consumer recognises it as already handled. Runs after the other journeys (so the
 * topic holds their payments too) and before the plaintext sweep (which then also covers the copies).
 */
@ExtendWith(StackExtension.class)
@Order(5)
class ReplayIT {

    private static final String PAYMENTS = "esim.payments.v1";
    private static final String ACTIVATIONS = "esim.activations.v1";
    private static final Pattern REPUBLISHED = Pattern.compile("republished (\\d+) of (\\d+) scanned records");

    @Test
    void aFullReplayOfThePaymentsTopicGivesNoSecondEsimNoSecondEmailAndNoSecondActivation(Platform platform)
            throws Exception {
        // given: two travellers whose orders are active, each with one profile, one activation and one e-mail
        String sku = Journeys.aPlanFor(platform, "US");
        List<Journeys.Checkout> orders = List.of(Journeys.checkout(platform, sku), Journeys.checkout(platform, sku));
        for (Journeys.Checkout order : orders) {
            Journeys.pay(platform, order);
        }
        for (Journeys.Checkout order : orders) {
            Journeys.awaitStatus(platform, order.orderId(), "active", Duration.ofSeconds(90));
            Journeys.awaitMail(order.email(), 1);
            await("ActivationReady of " + order.orderId()).atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> Journeys.kinds(ACTIVATIONS, order.orderId()).contains("ActivationReady"));
        }
        awaitConsumersCaughtUp(PAYMENTS);
        awaitConsumersCaughtUp(ACTIVATIONS);
        for (Journeys.Checkout order : orders) {
            assertThat(platform.profilesIssued(order.orderId())).as("profiles of %s before", order.orderId())
                    .isEqualTo(1);
            assertThat(Inbox.messagesTo(order.email())).as("mail of %s before", order.orderId()).hasSize(1);
        }
        long paymentsBefore = TopicRecords.bytes(PAYMENTS).size();
        long activationsBefore = TopicRecords.bytes(ACTIVATIONS).size();
        Map<TopicPartition, Long> paymentsEndBefore = endOffsets(PAYMENTS);

        // when: support replays the whole topic into the running system, as the README's command line does
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new OpsCli())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute("replay", PAYMENTS, "--mode", "republish", "--reason", "e2e replay proof",
                        "--operator", "e2e", "--yes", "--bootstrap-servers", Platform.KAFKA,
                        "--schema-registry", Platform.REGISTRY);

        // then: the tool says it re-published every committed record it found, and they are on the topic now
        assertThat(exit).as("esim-ops exit code; stdout: %s stderr: %s", out, err).isZero();
        Matcher reported = REPUBLISHED.matcher(out.toString());
        assertThat(reported.find()).as("esim-ops output: %s", out).isTrue();
        long republished = Long.parseLong(reported.group(1));
        long scanned = Long.parseLong(reported.group(2));
        // compared with the tool's own scan: a gateway retry of an earlier webhook may add a record meanwhile
        assertThat(republished).as("records republished").isPositive().isEqualTo(scanned)
                .isGreaterThanOrEqualTo(paymentsBefore);
        assertThat(sum(endOffsets(PAYMENTS)) - sum(paymentsEndBefore)).as("offsets added to %s", PAYMENTS)
                .isGreaterThanOrEqualTo(republished);
        assertThat(TopicRecords.bytes(PAYMENTS)).as("committed records on %s after", PAYMENTS)
                .hasSizeGreaterThanOrEqualTo((int) (paymentsBefore + republished));

        // and: once every consumer of the copies (and of what they might have caused) has caught up, nothing new
        awaitConsumersCaughtUp(PAYMENTS);
        awaitConsumersCaughtUp(ACTIVATIONS);
        Thread.sleep(Journeys.SETTLE.toMillis());
        for (Journeys.Checkout order : orders) {
            assertThat(platform.profilesIssued(order.orderId())).as("profiles of %s", order.orderId()).isEqualTo(1);
            assertThat(Inbox.messagesTo(order.email())).as("mail of %s", order.orderId()).hasSize(1);
            assertThat(Journeys.kinds(ACTIVATIONS, order.orderId())).as("activations of %s", order.orderId())
                    .containsExactly("ActivationReady");
            assertThat(platform.orderStatus(order.orderId())).isEqualTo("active");
        }
        // and: no order of any earlier scenario got a second profile or activation either
        JsonNode issued = platform.providerStats().path("profiles_issued");
        issued.properties().forEach(e -> assertThat(e.getValue().asInt()).as("profiles of %s", e.getKey())
                .isLessThanOrEqualTo(1));
        assertThat(TopicRecords.bytes(ACTIVATIONS)).as("records on %s", ACTIVATIONS).hasSize((int) activationsBefore);
    }

    /**
     * Waits until every consumer group with committed offsets on {@code topic} has committed up to its end: the
     * services commit after handling (or transactionally with what they produce), so lag 0 means "processed".
     */
    private static void awaitConsumersCaughtUp(String topic) {
        // awaitility's timeout message shows the last value: which group lags where
        await("consumers of " + topic + " caught up").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> laggingGroups(topic), List::isEmpty);
    }

    private static List<String> laggingGroups(String topic) throws Exception {
        Map<TopicPartition, Long> end = pastLastRecord(topic);
        List<String> lagging = new ArrayList<>();
        int groupsOnTopic = 0;
        try (Admin admin = admin()) {
            for (GroupListing group : admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin
                        .listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata().get();
                boolean onTopic = committed.keySet().stream().anyMatch(tp -> tp.topic().equals(topic));
                if (!onTopic) {
                    continue;
                }
                groupsOnTopic++;
                for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
                    OffsetAndMetadata at = committed.get(e.getKey());
                    long position = at == null ? 0 : at.offset();
                    if (position < e.getValue()) {
                        lagging.add(group.groupId() + "@" + e.getKey() + " " + position + "<" + e.getValue());
                    }
                }
            }
        }
        if (groupsOnTopic == 0) {
            lagging.add("no consumer group has committed on " + topic + " yet");
        }
        return lagging;
    }

    /**
     * Per partition, the offset after the last committed record. Not the end offset: a transactional producer's
     * commit marker sits after its last record, and a consumer commits "last record + 1", so it stays one short.
     */
    private static Map<TopicPartition, Long> pastLastRecord(String topic) {
        Map<TopicPartition, Long> end = new HashMap<>();
        TopicRecords.bytes(topic).forEach(r -> end.merge(new TopicPartition(topic, r.partition()), r.offset() + 1,
                Math::max));
        return end;
    }

    /** Last stable offsets: what a read_committed consumer (every service) can reach. */
    private static Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                    .forEach((tp, info) -> end.put(tp, info.offset()));
            return end;
        }
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    private static Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Platform.KAFKA);
        return Admin.create(p);
    }
}
