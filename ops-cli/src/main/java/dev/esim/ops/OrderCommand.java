package dev.esim.ops;

import dev.esim.events.Topic;
import dev.esim.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "order", usageHelpAutoWidth = true,
        description = {"The timeline of one order across every topic of the contract (and their dead letters): "
                + "time, topic, event type, event_id, causation_id and a short summary. Encrypted fields are masked.",
            "Reads only the partition the order id hashes to (how every service produces), unless --all-partitions."},
        footer = {"", "Examples:", "  esim-ops order ord_123", "  esim-ops order ord_123 --json"})
final class OrderCommand extends OpsCommand {

    @Parameters(index = "0", paramLabel = "<order-id>", description = "The order id (the record key on every topic).")
    String orderId;

    @Option(names = "--json", description = "One JSON object per event instead of the table.")
    boolean json;

    @Option(names = "--all-partitions", description = "Scan every partition, for records not partitioned by key.")
    boolean allPartitions;

    @Option(names = "--no-dlt", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also look in the <topic>-dlt topics (default: yes).")
    boolean withDeadLetters;

    /** One row of the timeline. */
    record Row(Instant time, String topic, int partition, long offset, ScannedRecord record) {
    }

    @Override
    int run() {
        KafkaConnection kafka = connection.connect();
        EventDecoder decoder = kafka.decoder();
        List<Row> rows = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.consumer()) {
            TopicScanner scanner = new TopicScanner(consumer);
            Set<String> existing = consumer.listTopics().keySet();
            TopicScanner.Plan plan = TopicScanner.Plan.empty();
            for (Topic<?> topic : Topics.all()) {
                if (!existing.contains(topic.name())) {
                    missing.add(topic.name());
                    continue;
                }
                plan = plan.plus(scanner.plan(partitionsToRead(scanner, topic.name())));
                // A -dlt may have another partition count than its topic (or a recoverer that keeps the failed
                // record's partition number): read all of it rather than guess where the key landed.
                if (withDeadLetters && existing.contains(topic.deadLetterTopic())) {
                    plan = plan.plus(scanner.plan(scanner.partitions(topic.deadLetterTopic())));
                }
            }
            Selection selection = Selection.ofOrder(orderId);
            scanner.scan(plan, TopicScanner.progress(err(), "order " + orderId, plan), raw -> {
                ScannedRecord record = new ScannedRecord(raw, decoder);
                if (selection.matches(record)) {
                    Instant time = record.event().flatMap(DecodedEvent::occurredAt)
                            .orElse(Instant.ofEpochMilli(raw.timestamp()));
                    rows.add(new Row(time, raw.topic(), raw.partition(), raw.offset(), record));
                }
            });
        }
        rows.sort(Comparator.comparing(Row::time).thenComparing(Row::topic).thenComparingLong(Row::offset));
        if (json) {
            rows.forEach(row -> out().println(AvroRendering.toJsonLine(
                    AvroRendering.recordJson(row.record().raw(), row.record().event()))));
        } else {
            printTable(rows);
        }
        if (!missing.isEmpty()) {
            err().println("note: topics not found (skipped): " + String.join(", ", missing));
        }
        if (rows.isEmpty()) {
            err().println("no events found for order " + orderId);
        }
        return 0;
    }

    /** The partition the default partitioner picks for this key (murmur2), or all of them. */
    private List<TopicPartition> partitionsToRead(TopicScanner scanner, String topic) {
        List<TopicPartition> partitions = scanner.partitions(topic);
        if (allPartitions) {
            return partitions;
        }
        byte[] key = orderId.getBytes(StandardCharsets.UTF_8);
        int partition = Utils.toPositive(Utils.murmur2(key)) % partitions.size();
        return List.of(new TopicPartition(topic, partition));
    }

    private void printTable(List<Row> rows) {
        String format = "%-24s  %-27s  %-24s  %-36s  %-36s  %s%n";
        out().printf(format, "TIME", "TOPIC", "TYPE", "EVENT_ID", "CAUSATION_ID", "SUMMARY");
        for (Row row : rows) {
            var event = row.record().event();
            out().printf(format, row.time(), row.topic(),
                    event.map(DecodedEvent::eventType).orElse("<not avro>"),
                    event.flatMap(DecodedEvent::eventId).orElse("-"),
                    event.flatMap(DecodedEvent::causationId).orElse("-"),
                    event.map(DecodedEvent::summary).orElse(""));
        }
        out().println(rows.size() + " event(s) for order " + orderId);
    }
}
