package dev.esim.ops;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "replay", sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Re-deliver events of a topic, selected by time range, offset range, order id, event type and/or provider.",
            "  --mode republish  re-produces the selected records (same key, value bytes and headers, so the same "
                    + "event ids) into the topic or --target-topic; every consumer dedupes on event ids.",
            "  --mode rewind     moves consumer group --group back to the first selected offset of each partition; "
                    + "the group then re-reads everything from there. Refused while the group has members.",
            "  --dry-run         counts and shows a sample (encrypted fields masked); changes nothing.",
            "Non-dry runs need --reason, ask for confirmation (--yes in scripts) and are audited on "
                    + AuditLog.TOPIC + "."},
        footer = {"", "Examples:",
            "  esim-ops replay esim.payments.v1 --from 2026-03-01T10:00:00Z --to 2026-03-01T11:00:00Z --dry-run",
            "  esim-ops replay esim.payments.v1 --order-id ord_123 --type PaymentSucceeded --mode republish "
                    + "--reason 'INC-42 worker dropped payment' --yes",
            "  esim-ops replay esim.activations.v1 --from 2026-03-01T10:00:00Z --mode rewind "
                    + "--group notification-service --reason 'INC-43 SMTP outage'"})
final class ReplayCommand extends OpsCommand {

    enum Mode { republish, rewind }

    @Parameters(index = "0", paramLabel = "<topic>", description = "The topic to replay, e.g. esim.payments.v1.")
    String topic;

    @Option(names = "--from", paramLabel = "<instant>", description = "Records with timestamp >= this ISO instant.")
    Instant from;

    @Option(names = "--to", paramLabel = "<instant>", description = "Records with timestamp < this ISO instant.")
    Instant to;

    @Option(names = "--partition", paramLabel = "<n>", description = "Only this partition.")
    Integer partition;

    @Option(names = "--from-offset", paramLabel = "<offset>",
            description = "First offset (inclusive; needs --partition).")
    Long fromOffset;

    @Option(names = "--to-offset", paramLabel = "<offset>", description = "Last offset (inclusive; needs --partition).")
    Long toOffset;

    @Option(names = "--order-id", description = "Only this order (the record key).")
    String orderId;

    @Option(names = "--type",
            description = "Only this kind of event: the payload's record name, e.g. PaymentSucceeded.")
    String type;

    @Option(names = "--provider", description = "Only events whose provider field (envelope or payload) is this.")
    String provider;

    @Option(names = "--mode", paramLabel = "republish|rewind",
            description = "republish or rewind (required unless --dry-run).")
    Mode mode;

    @Option(names = "--target-topic", paramLabel = "<topic>",
            description = "republish: write here instead of back into <topic>.")
    String targetTopic;

    @Option(names = "--group", description = "rewind: the consumer group to move.")
    String group;

    @Option(names = "--dry-run", description = "Count and show a sample; change nothing.")
    boolean dryRun;

    @Option(names = "--sample", paramLabel = "<n>", defaultValue = "5",
            description = "Dry run: how many records to show (default ${DEFAULT-VALUE}).")
    int sample;

    @picocli.CommandLine.Mixin
    AuditOptions auditOptions = new AuditOptions();

    @picocli.CommandLine.Mixin
    Confirmation confirmation = new Confirmation();

    /** What one pass over the plan found. */
    private static final class Findings {
        long scanned;
        long selected;
        final Map<TopicPartition, Long> firstSelected = new TreeMap<>(
                (a, b) -> Integer.compare(a.partition(), b.partition()));
        final Map<TopicPartition, Long> selectedPerPartition = new LinkedHashMap<>();
        final List<String> sample = new ArrayList<>();

        void add(ScannedRecord record, int sampleSize) {
            selected++;
            TopicPartition tp = new TopicPartition(record.raw().topic(), record.raw().partition());
            firstSelected.putIfAbsent(tp, record.raw().offset());
            selectedPerPartition.merge(tp, 1L, Long::sum);
            if (sample.size() < sampleSize) {
                sample.add(AvroRendering.toJsonLine(AvroRendering.recordJson(record.raw(), record.event())));
            }
        }

        Map<String, Long> counts() {
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("scanned", scanned);
            counts.put("selected", selected);
            return counts;
        }
    }

    @Override
    int run() throws ExecutionException, InterruptedException {
        Selection selection = selection();
        if (mode == null && !dryRun) {
            throw usage("--mode republish|rewind is required (or --dry-run to only look)");
        }
        if (mode == Mode.rewind && (group == null || group.isBlank())) {
            throw usage("--mode rewind needs --group");
        }
        if (mode != Mode.republish && targetTopic != null) {
            throw usage("--target-topic only applies to --mode republish");
        }
        if (sample < 0) {
            throw usage("--sample must not be negative");
        }
        requireReason(auditOptions.reason, dryRun);

        KafkaConnection kafka = connection.connect();
        EventDecoder decoder = kafka.decoder();
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.consumer()) {
            TopicScanner scanner = new TopicScanner(consumer);
            TopicScanner.Plan plan = scanner.plan(topic, selection);
            if (dryRun) {
                return dryRun(kafka, scanner, plan, selection, decoder);
            }
            confirmation.confirm(mode == Mode.republish
                    ? "Republish the selected records among " + plan.total() + " of " + topic + " "
                            + selection.describe() + " into " + (targetTopic == null ? topic : targetTopic)
                    : "Move consumer group " + group + " back to the first selected record of " + topic + " "
                            + selection.describe());
            try (Admin admin = kafka.admin(); KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
                AuditLog audit = new AuditLog(admin, producer, Clock.systemUTC(), kafka.principal());
                return mode == Mode.republish
                        ? republish(scanner, plan, selection, decoder, admin, producer, audit)
                        : rewind(scanner, plan, selection, decoder, admin, audit);
            }
        }
    }

    private Selection selection() {
        try {
            return new Selection(from, to, partition, fromOffset, toOffset, orderId, type, provider);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private Findings find(TopicScanner scanner, TopicScanner.Plan plan, Selection selection, EventDecoder decoder,
            int sampleSize, java.util.function.Consumer<ScannedRecord> onSelected) {
        Findings findings = new Findings();
        findings.scanned = scanner.scan(plan, TopicScanner.progress(err(), "scanning " + topic, plan), raw -> {
            ScannedRecord record = new ScannedRecord(raw, decoder);
            if (selection.matches(record)) {
                findings.add(record, sampleSize);
                onSelected.accept(record);
            }
        });
        return findings;
    }

    private int dryRun(KafkaConnection kafka, TopicScanner scanner, TopicScanner.Plan plan, Selection selection,
            EventDecoder decoder) throws ExecutionException, InterruptedException {
        Findings findings = find(scanner, plan, selection, decoder, sample, record -> { });
        out().println("dry run: replay " + topic + " " + selection.describe());
        out().println("scanned " + findings.scanned + " records, selected " + findings.selected);
        findings.firstSelected.forEach((tp, first) -> out().println("  partition " + tp.partition() + ": "
                + findings.selectedPerPartition.get(tp) + " selected, first at offset " + first));
        if (!findings.sample.isEmpty()) {
            out().println("sample (" + findings.sample.size() + " of " + findings.selected + "):");
            findings.sample.forEach(out()::println);
        }
        if (mode == Mode.rewind) {
            try (Admin admin = kafka.admin()) {
                GroupState state = GroupState.describe(admin, group);
                if (!state.idle()) {
                    out().println("note: " + state.busyMessage());
                }
                printMoves(planMoves(findings, state), state);
            }
        }
        out().println("dry run: nothing was re-delivered");
        return 0;
    }

    private int republish(TopicScanner scanner, TopicScanner.Plan plan, Selection selection, EventDecoder decoder,
            Admin admin, KafkaProducer<byte[], byte[]> producer, AuditLog audit) {
        String target = targetTopic == null ? topic : targetTopic;
        boolean sameTopic = target.equals(topic);
        if (!sameTopic) {
            scanner.partitions(target);
        }
        Map<String, Object> what = new LinkedHashMap<>();
        what.put("mode", Mode.republish.name());
        what.put("topic", topic);
        what.put("target_topic", target);
        what.put("filters", selection.describe());
        AuditLog.Entry entry = audit.start("replay", audit.operator(auditOptions.operator), auditOptions.reason, what);
        Republisher republisher = new Republisher(producer);
        long started = System.nanoTime();
        Findings findings = null;
        try {
            // Back into the same topic: the same partition, so consumers see it exactly where it was. Elsewhere:
            // the key decides, as it did when the services first produced it.
            findings = find(scanner, plan, selection, decoder, 0, record -> republisher.send(target,
                    sameTopic ? record.raw().partition() : null, record.raw(), header -> true));
            long acknowledged = republisher.flush();
            Map<String, Long> counts = findings.counts();
            counts.put("republished", acknowledged);
            entry.completed(counts);
            double seconds = Math.max((System.nanoTime() - started) / 1e9, 1e-3);
            out().println("republished " + acknowledged + " of " + findings.scanned + " scanned records from " + topic
                    + " to " + target + " " + selection.describe()
                    + String.format(" in %.2f s (%.0f records/s)", seconds, acknowledged / seconds));
            out().println("audit id " + entry.auditId() + " on " + AuditLog.TOPIC);
            return 0;
        } catch (RuntimeException e) {
            Map<String, Long> counts = findings == null ? new LinkedHashMap<>() : findings.counts();
            counts.put("republished", republisher.acknowledged());
            auditFailure(entry, counts, e);
            throw e;
        }
    }

    private int rewind(TopicScanner scanner, TopicScanner.Plan plan, Selection selection, EventDecoder decoder,
            Admin admin, AuditLog audit) throws ExecutionException, InterruptedException {
        GroupState state = GroupState.describe(admin, group);
        if (!state.idle()) {
            throw OpsException.refused(state.busyMessage()
                    + ". Stop its consumers first (a running group would overwrite the offsets),"
                    + " or use --mode republish.");
        }
        Findings findings = find(scanner, plan, selection, decoder, 0, record -> { });
        Map<TopicPartition, Long> moves = planMoves(findings, state);
        Map<String, Object> what = new LinkedHashMap<>();
        what.put("mode", Mode.rewind.name());
        what.put("topic", topic);
        what.put("group", group);
        what.put("filters", selection.describe());
        Map<String, Long> offsets = new LinkedHashMap<>();
        moves.forEach((tp, offset) -> offsets.put(String.valueOf(tp.partition()), offset));
        what.put("new_offsets", offsets);
        AuditLog.Entry entry = audit.start("replay", audit.operator(auditOptions.operator), auditOptions.reason, what);
        Map<String, Long> counts = findings.counts();
        try {
            if (!moves.isEmpty()) {
                Map<TopicPartition, OffsetAndMetadata> newOffsets = new LinkedHashMap<>();
                moves.forEach((tp, offset) -> newOffsets.put(tp,
                        new OffsetAndMetadata(offset, "esim-ops rewind, audit " + entry.auditId())));
                admin.alterConsumerGroupOffsets(group, newOffsets).all().get();
            }
            counts.put("partitions_rewound", (long) moves.size());
            counts.put("redelivered", redelivered(moves, state, plan));
            entry.completed(counts);
        } catch (ExecutionException | RuntimeException e) {
            auditFailure(entry, counts, e instanceof ExecutionException ? e.getCause() : e);
            throw e;
        }
        printMoves(moves, state);
        out().println("rewound group " + group + " on " + moves.size() + " partition(s) of " + topic
                + "; it will re-read " + counts.get("redelivered") + " records (" + findings.selected + " selected)");
        out().println("audit id " + entry.auditId() + " on " + AuditLog.TOPIC);
        return 0;
    }

    /**
     * The first selected offset of each partition, where that is before the group's committed offset. Moving a
     * group forward would skip records it has not processed yet, so those partitions are left alone.
     */
    private static Map<TopicPartition, Long> planMoves(Findings findings, GroupState state) {
        Map<TopicPartition, Long> moves = new LinkedHashMap<>();
        findings.firstSelected.forEach((tp, first) -> {
            Long committed = state.committed(tp);
            if (committed == null || first < committed) {
                moves.put(tp, first);
            }
        });
        return moves;
    }

    private void printMoves(Map<TopicPartition, Long> moves, GroupState state) {
        if (state.offsets().keySet().stream().noneMatch(tp -> tp.topic().equals(topic))) {
            // A mistyped group name would otherwise silently create a new group's offsets.
            out().println("note: group " + group + " has no committed offsets on " + topic + " - is the name right?");
        }
        if (moves.isEmpty()) {
            out().println("group " + group + ": nothing to rewind (no selected records before its committed offsets)");
        }
        moves.forEach((tp, offset) -> {
            Long committed = state.committed(tp);
            out().println("  " + tp + ": " + (committed == null ? "no committed offset" : committed) + " -> " + offset);
        });
    }

    private static long redelivered(Map<TopicPartition, Long> moves, GroupState state, TopicScanner.Plan plan) {
        long total = 0;
        for (var move : moves.entrySet()) {
            Long committed = state.committed(move.getKey());
            long upTo = committed != null ? committed : plan.ranges().get(move.getKey()).end();
            total += Math.max(0, upTo - move.getValue());
        }
        return total;
    }

    private void auditFailure(AuditLog.Entry entry, Map<String, Long> counts, Throwable cause) {
        try {
            entry.failed(counts, cause);
        } catch (RuntimeException auditFailed) {
            err().println("esim-ops: could not record the failure on " + AuditLog.TOPIC + " (audit id "
                    + entry.auditId() + "): " + auditFailed.getMessage());
        }
    }

    /** A consumer group's members and committed offsets, read before it is touched. */
    record GroupState(String group, int members, String state, Map<TopicPartition, OffsetAndMetadata> offsets) {

        static GroupState describe(Admin admin, String group) throws ExecutionException, InterruptedException {
            ConsumerGroupDescription description;
            try {
                description = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof GroupIdNotFoundException) {
                    return new GroupState(group, 0, "unknown", Map.of());
                }
                throw e;
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>(
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get());
            offsets.values().removeIf(java.util.Objects::isNull);
            return new GroupState(group, description.members().size(), String.valueOf(description.groupState()),
                    offsets);
        }

        boolean idle() {
            return members == 0;
        }

        Long committed(TopicPartition tp) {
            OffsetAndMetadata offset = offsets.get(tp);
            return offset == null ? null : offset.offset();
        }

        String busyMessage() {
            return "consumer group " + group + " has " + members + " active member(s) (state " + state + ")";
        }
    }
}
