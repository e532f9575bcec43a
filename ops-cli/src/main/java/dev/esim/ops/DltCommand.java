package dev.esim.ops;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "dlt", usageHelpAutoWidth = true,
        description = "Dead letters: records a service parked in <topic>-dlt after its retries "
                + "(spring-kafka's DeadLetterPublishingRecoverer headers).",
        subcommands = {DltCommand.ListDeadLetters.class, DltCommand.Show.class, DltCommand.Redrive.class})
final class DltCommand implements Runnable {

    private static final int MESSAGE_LENGTH = 160;
    private static final int STACKTRACE_LINES = 12;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: list, show or redrive");
    }

    /** {@code esim.payments.v1} and {@code esim.payments.v1-dlt} both name the dead letters of the payments topic. */
    static String deadLetterTopic(String topic) {
        return topic.endsWith(dev.esim.events.Topic.DLT_SUFFIX) ? topic : topic + dev.esim.events.Topic.DLT_SUFFIX;
    }

    static String baseTopic(String deadLetterTopic) {
        return deadLetterTopic.substring(0, deadLetterTopic.length() - dev.esim.events.Topic.DLT_SUFFIX.length());
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(KafkaConsumer<byte[], byte[]> consumer, String dlt,
            Integer partition, java.io.PrintWriter err) {
        TopicScanner scanner = new TopicScanner(consumer);
        List<TopicPartition> partitions = scanner.partitions(dlt);
        if (partition != null) {
            partitions = partitions.stream().filter(tp -> tp.partition() == partition).toList();
        }
        TopicScanner.Plan plan = scanner.plan(partitions);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        scanner.scan(plan, TopicScanner.progress(err, "reading " + dlt, plan), records::add);
        return records;
    }

    static String oneLine(String text, int max) {
        if (text == null) {
            return "";
        }
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }

    @Command(name = "list", usageHelpAutoWidth = true,
            description = "List the dead letters of a topic: where they came from and why they failed.",
            footer = {"", "Examples:", "  esim-ops dlt list esim.payments.v1",
                "  esim-ops dlt list esim.payments.v1 --json"})
    static final class ListDeadLetters extends OpsCommand {

        @Parameters(index = "0", paramLabel = "<topic>", description = "The topic (or its -dlt).")
        String topic;

        @Option(names = "--order-id", description = "Only this order (the record key).")
        String orderId;

        @Option(names = "--limit", defaultValue = "200",
                description = "Show at most this many (default ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "One JSON object per dead letter instead of the listing.")
        boolean json;

        @Override
        int run() {
            String dlt = deadLetterTopic(topic);
            KafkaConnection kafka = connection.connect();
            EventDecoder decoder = kafka.decoder();
            try (KafkaConsumer<byte[], byte[]> consumer = kafka.consumer()) {
                List<ConsumerRecord<byte[], byte[]>> records = readAll(consumer, dlt, null, err());
                int shown = 0;
                int matching = 0;
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    ScannedRecord scanned = new ScannedRecord(record, decoder);
                    if (orderId != null && !orderId.equals(scanned.key())) {
                        continue;
                    }
                    matching++;
                    if (shown++ >= limit) {
                        continue;
                    }
                    DeadLetter letter = DeadLetter.of(record);
                    if (json) {
                        out().println(jsonLine(record, scanned, letter));
                        continue;
                    }
                    out().printf("%d@%d  %s  key=%s  type=%s  from %s%s%n", record.partition(), record.offset(),
                            Instant.ofEpochMilli(record.timestamp()), PrintableText.of(scanned.key()),
                            scanned.event().map(DecodedEvent::eventType).orElse("<not avro>"), letter.origin(),
                            letter.attempts() == null ? "" : "  attempts=" + letter.attempts());
                    out().println("      " + (letter.exceptionFqcn() == null ? "(no exception header)"
                            : letter.exceptionFqcn()) + ": " + oneLine(letter.exceptionMessage(), MESSAGE_LENGTH));
                }
                // the summary goes to stderr with --json, so standard out is only JSON lines
                (json ? err() : out()).println(matching + " dead letter(s) on " + dlt
                        + (matching > limit ? " (first " + limit + " shown; --limit for more)" : ""));
                return 0;
            }
        }

        /** The listing's facts as one JSON object; the message through the same terminal-safe one-liner. */
        private static String jsonLine(ConsumerRecord<byte[], byte[]> record, ScannedRecord scanned,
                                       DeadLetter letter) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("partition", record.partition());
            fields.put("offset", record.offset());
            fields.put("timestamp", Instant.ofEpochMilli(record.timestamp()).toString());
            fields.put("key", scanned.key());
            fields.put("event_type", scanned.event().map(DecodedEvent::eventType).orElse(null));
            fields.put("origin", letter.origin());
            fields.put("attempts", letter.attempts());
            fields.put("exception", letter.exceptionFqcn());
            fields.put("message", oneLine(letter.exceptionMessage(), MESSAGE_LENGTH));
            return AvroRendering.toJsonLine(AvroRendering.JSON.valueToTree(fields));
        }
    }

    @Command(name = "show", usageHelpAutoWidth = true,
            description = "Show one dead letter in full: failure headers, the event (encrypted fields masked).",
            footer = {"", "Example:", "  esim-ops dlt show esim.payments.v1 --partition 0 --offset 12"})
    static final class Show extends OpsCommand {

        @Parameters(index = "0", paramLabel = "<topic>", description = "The topic (or its -dlt).")
        String topic;

        @Option(names = "--partition", defaultValue = "0",
                description = "Partition of the -dlt (default ${DEFAULT-VALUE}).")
        int partition;

        @Option(names = "--offset", required = true, description = "Offset on the -dlt.")
        long offset;

        @Override
        int run() {
            String dlt = deadLetterTopic(topic);
            KafkaConnection kafka = connection.connect();
            try (KafkaConsumer<byte[], byte[]> consumer = kafka.consumer()) {
                TopicScanner scanner = new TopicScanner(consumer);
                Selection one = new Selection(null, null, partition, offset, offset, null, null, null);
                List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
                TopicScanner.Plan plan = scanner.plan(dlt, one);
                scanner.scan(plan, TopicScanner.progress(err(), "reading " + dlt, plan), found::add);
                if (found.isEmpty()) {
                    throw OpsException.failed("No record at " + dlt + "/" + partition + "@" + offset
                            + " (outside the partition's offsets, or part of an aborted transaction)");
                }
                ConsumerRecord<byte[], byte[]> record = found.get(0);
                DeadLetter letter = DeadLetter.of(record);
                Optional<DecodedEvent> event =
                        kafka.decoder().decode(baseTopic(dlt), record.value());
                out().println("dead letter   " + dlt + "/" + record.partition() + "@" + record.offset()
                        + "  at " + Instant.ofEpochMilli(record.timestamp()));
                out().println("original      " + letter.origin()
                        + (letter.originalTimestamp() == null ? "" : "  at " + letter.originalTimestamp()));
                out().println("group         " + Optional.ofNullable(letter.consumerGroup()).orElse("-"));
                out().println("attempts      "
                        + Optional.ofNullable(letter.attempts()).map(String::valueOf).orElse("-"));
                out().println("exception     " + Optional.ofNullable(letter.exceptionFqcn()).orElse("-"));
                out().println("cause         " + Optional.ofNullable(letter.causeFqcn()).orElse("-"));
                out().println("reason        " + oneLine(letter.exceptionMessage(), 2000));
                event.ifPresent(e -> {
                    out().println("event         " + e.eventType() + "  event_id="
                            + PrintableText.of(e.eventId().orElse("-"))
                            + "  causation_id=" + PrintableText.of(e.causationId().orElse("-")));
                });
                if (letter.stacktrace() != null) {
                    out().println("stack trace (first " + STACKTRACE_LINES + " lines):");
                    letter.stacktrace().lines().limit(STACKTRACE_LINES).forEach(line -> out().println("  " + line));
                }
                out().println("record:");
                out().println(AvroRendering.toJsonLine(AvroRendering.recordJson(withoutStacktrace(record), event)));
                return 0;
            }
        }

        /** The stack trace is printed above, trimmed; in the JSON it would be one unreadable line. */
        private static ConsumerRecord<byte[], byte[]> withoutStacktrace(ConsumerRecord<byte[], byte[]> record) {
            var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
            for (Header header : record.headers()) {
                if (!header.key().equals(DeadLetter.EXCEPTION_STACKTRACE)) {
                    headers.add(header);
                }
            }
            return new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), record.timestamp(),
                    record.timestampType(), record.serializedKeySize(), record.serializedValueSize(), record.key(),
                    record.value(), headers, record.leaderEpoch());
        }
    }

    @Command(name = "redrive", usageHelpAutoWidth = true,
            description = {"Re-publish dead letters to their original topic: the original key and value bytes "
                    + "(so the same event ids) and the original headers, without the recoverer's kafka_dlt-* headers.",
                    "Pick them with --all, --order-id or --partition/--offset. Asks for confirmation (--yes in "
                            + "scripts); audited on " + AuditLog.TOPIC + "."},
            footer = {"", "Examples:",
                "  esim-ops dlt redrive esim.payments.v1 --order-id ord_123 --reason 'INC-42 fixed the mapping' --yes",
                "  esim-ops dlt redrive esim.payments.v1 --all --dry-run"})
    static final class Redrive extends OpsCommand {

        @Parameters(index = "0", paramLabel = "<topic>", description = "The topic (or its -dlt).")
        String topic;

        @Option(names = "--order-id", description = "Every dead letter of this order (the record key).")
        String orderId;

        @Option(names = "--all", description = "Every dead letter of the topic.")
        boolean all;

        @Option(names = "--offset", description = "One dead letter, by its offset on the -dlt (with --partition).")
        Long offset;

        @Option(names = "--partition", description = "Partition of the -dlt for --offset (default 0).")
        Integer partition;

        @Option(names = "--dry-run", description = "Show what would be redriven; change nothing.")
        boolean dryRun;

        @picocli.CommandLine.Mixin
        AuditOptions auditOptions = new AuditOptions();

        @picocli.CommandLine.Mixin
        Confirmation confirmation = new Confirmation();

        @Override
        int run() {
            int choices = (all ? 1 : 0) + (orderId != null ? 1 : 0) + (offset != null ? 1 : 0);
            if (choices != 1) {
                throw usage("Choose exactly one of --all, --order-id or --offset");
            }
            if (partition != null && offset == null) {
                throw usage("--partition goes with --offset");
            }
            requireReason(auditOptions.reason, dryRun);
            String dlt = deadLetterTopic(topic);
            String target = baseTopic(dlt);
            KafkaConnection kafka = connection.connect();
            EventDecoder decoder = kafka.decoder();
            try (KafkaConsumer<byte[], byte[]> consumer = kafka.consumer()) {
                int onlyPartition = partition == null ? 0 : partition;
                List<ConsumerRecord<byte[], byte[]>> selected = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> record
                        : readAll(consumer, dlt, offset == null ? null : onlyPartition, err())) {
                    ScannedRecord scanned = new ScannedRecord(record, decoder);
                    if (all || orderId != null && orderId.equals(scanned.key())
                            || offset != null && record.offset() == offset) {
                        if (DeadLetter.of(record).belongsTo(target)) {
                            selected.add(record);
                        } else {
                            err().printf("refusing %d@%d: its header names %s, and %s only redrives into %s%n",
                                    record.partition(), record.offset(), DeadLetter.of(record).origin(), dlt, target);
                        }
                    }
                }
                if (selected.isEmpty()) {
                    throw OpsException.failed("No dead letters on " + dlt + " match");
                }
                // Fail before anything is sent rather than let a broker auto-create a mistyped topic.
                new TopicScanner(consumer).partitions(target);
                for (ConsumerRecord<byte[], byte[]> record : selected) {
                    DeadLetter letter = DeadLetter.of(record);
                    out().printf("%s %d@%d  key=%s  -> %s  (%s)%n", dryRun ? "would redrive" : "redriving",
                            record.partition(), record.offset(),
                            PrintableText.of(new ScannedRecord(record, decoder).key()), target,
                            oneLine(letter.exceptionMessage(), 80));
                }
                if (dryRun) {
                    out().println("dry run: " + selected.size()
                            + " dead letter(s) would be redriven; nothing was sent");
                    return 0;
                }
                confirmation.confirm("Redrive " + selected.size() + " dead letter(s) from " + dlt);
                return redrive(kafka, dlt, selected);
            }
        }

        private int redrive(KafkaConnection kafka, String dlt, List<ConsumerRecord<byte[], byte[]>> selected) {
            try (Admin admin = kafka.admin(); KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
                AuditLog audit = new AuditLog(admin, producer, Clock.systemUTC(), kafka.principal());
                Map<String, Object> what = new LinkedHashMap<>();
                what.put("dead_letter_topic", dlt);
                Map<String, Object> filters = new LinkedHashMap<>();
                if (all) {
                    filters.put("all", true);
                }
                if (orderId != null) {
                    filters.put("order_id", orderId);
                }
                if (offset != null) {
                    filters.put("partition", partition == null ? 0 : partition);
                    filters.put("offset", offset);
                }
                what.put("filters", filters);
                what.put("records", selected.stream()
                        .map(r -> r.partition() + "@" + r.offset() + "->" + baseTopic(dlt))
                        .toList());
                AuditLog.Entry entry = audit.start("dlt.redrive", audit.operator(auditOptions.operator),
                        auditOptions.reason, what);
                Republisher republisher = new Republisher(producer);
                Map<String, Long> counts = new LinkedHashMap<>();
                counts.put("selected", (long) selected.size());
                try {
                    for (ConsumerRecord<byte[], byte[]> record : selected) {
                        // The key picks the partition, exactly as when the service first produced the event.
                        republisher.send(baseTopic(dlt), null, record,
                                DeadLetter::isOriginalHeader);
                    }
                    counts.put("redriven", republisher.flush());
                    entry.completed(counts);
                } catch (RuntimeException e) {
                    counts.put("redriven", republisher.acknowledged());
                    try {
                        entry.failed(counts, e);
                    } catch (RuntimeException auditFailed) {
                        err().println("esim-ops: could not record the failure on " + AuditLog.TOPIC);
                    }
                    throw e;
                }
                out().println("redrove " + counts.get("redriven") + " dead letter(s) from " + dlt
                        + " (they stay on the -dlt; redriving twice is harmless: consumers dedupe on event ids)");
                out().println("audit id " + entry.auditId() + " on " + AuditLog.TOPIC);
                return 0;
            }
        }
    }
}
