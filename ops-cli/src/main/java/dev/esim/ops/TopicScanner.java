package dev.esim.ops;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads fixed offset ranges with a hand-assigned consumer (no group, nothing committed). The end of each range is
 * fixed before reading starts — the last stable offset, since we read {@code read_committed} — so a republish into
 * the topic being read never feeds on itself.
 */
final class TopicScanner {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration STALL_LIMIT = Duration.ofSeconds(60);

    private final KafkaConsumer<byte[], byte[]> consumer;

    TopicScanner(KafkaConsumer<byte[], byte[]> consumer) {
        this.consumer = consumer;
    }

    /** Half-open offset range {@code [start, end)} of one partition. */
    record Range(long start, long end) {
        long size() {
            return Math.max(0, end - start);
        }
    }

    /** The ranges to read, partition by partition. */
    record Plan(Map<TopicPartition, Range> ranges) {
        long total() {
            return ranges.values().stream().mapToLong(Range::size).sum();
        }

        Plan plus(Plan other) {
            Map<TopicPartition, Range> merged = new LinkedHashMap<>(ranges);
            merged.putAll(other.ranges);
            return new Plan(merged);
        }

        static Plan empty() {
            return new Plan(Map.of());
        }
    }

    boolean exists(String topic) {
        return consumer.listTopics().containsKey(topic);
    }

    List<TopicPartition> partitions(String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            throw OpsException.failed("Topic " + topic + " does not exist (or this principal may not describe it)");
        }
        List<TopicPartition> partitions = new ArrayList<>();
        infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        partitions.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
        return partitions;
    }

    /** Whole partitions, from the log start to the last stable offset. */
    Plan plan(List<TopicPartition> partitions) {
        // Offset queries for partitions the consumer does not hold make read_committed consumers log a warning
        // per partition ("Not updating last stable offset"); holding them keeps stderr for what matters.
        consumer.assign(partitions);
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<TopicPartition, Range> ranges = new LinkedHashMap<>();
        partitions.forEach(tp -> ranges.put(tp, new Range(beginning.get(tp), end.get(tp))));
        return new Plan(ranges);
    }

    /**
     * The smallest offset ranges that can hold the selected records: {@code --partition}, the offset bounds, and the
     * time bounds turned into offsets with {@code offsetsForTimes} (first offset at or after the instant).
     */
    Plan plan(String topic, Selection selection) {
        List<TopicPartition> partitions = partitions(topic);
        if (selection.partition() != null) {
            TopicPartition only = new TopicPartition(topic, selection.partition());
            if (!partitions.contains(only)) {
                throw OpsException.failed("Topic " + topic + " has no partition " + selection.partition()
                        + " (it has " + partitions.size() + ")");
            }
            partitions = List.of(only);
        }
        Map<TopicPartition, Range> whole = plan(partitions).ranges();
        Map<TopicPartition, OffsetAndTimestamp> fromTimes = selection.from() == null ? Map.of()
                : consumer.offsetsForTimes(timestamps(partitions, selection.from().toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> toTimes = selection.to() == null ? Map.of()
                : consumer.offsetsForTimes(timestamps(partitions, selection.to().toEpochMilli()));
        Map<TopicPartition, Range> ranges = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            Range range = whole.get(tp);
            long start = range.start();
            long end = range.end();
            if (selection.fromOffset() != null) {
                start = Math.max(start, selection.fromOffset());
            }
            if (selection.toOffset() != null) {
                end = Math.min(end, selection.toOffset() + 1);
            }
            if (selection.from() != null) {
                OffsetAndTimestamp first = fromTimes.get(tp);
                start = first == null ? end : Math.max(start, first.offset());
            }
            if (selection.to() != null) {
                OffsetAndTimestamp firstAfter = toTimes.get(tp);
                if (firstAfter != null) {
                    end = Math.min(end, firstAfter.offset());
                }
            }
            ranges.put(tp, new Range(start, Math.max(start, end)));
        }
        return new Plan(ranges);
    }

    /** Reads every range of the plan and hands each record to {@code each}, updating {@code progress}. */
    long scan(Plan plan, Progress progress, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Map<TopicPartition, Range> ranges = new LinkedHashMap<>();
        plan.ranges().forEach((tp, range) -> {
            if (range.size() > 0) {
                ranges.put(tp, range);
            }
        });
        if (ranges.isEmpty()) {
            return 0;
        }
        consumer.assign(ranges.keySet());
        ranges.forEach((tp, range) -> consumer.seek(tp, range.start()));
        Set<TopicPartition> remaining = new HashSet<>(ranges.keySet());
        long read = 0;
        long lastProgress = System.nanoTime();
        while (!remaining.isEmpty()) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
            for (TopicPartition tp : records.partitions()) {
                long end = ranges.get(tp).end();
                for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
                    if (record.offset() < end) {
                        each.accept(record);
                        read++;
                    }
                }
            }
            long done = 0;
            for (var entry : ranges.entrySet()) {
                TopicPartition tp = entry.getKey();
                long position = remaining.contains(tp) ? consumer.position(tp) : entry.getValue().end();
                if (remaining.contains(tp) && position >= entry.getValue().end()) {
                    remaining.remove(tp);
                    consumer.pause(List.of(tp));
                }
                done += Math.min(position, entry.getValue().end()) - entry.getValue().start();
            }
            progress.update(done);
            if (!records.isEmpty()) {
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL_LIMIT.toNanos()) {
                throw OpsException.failed("No records arrived for " + STALL_LIMIT.toSeconds() + " s while reading "
                        + remaining + "; is the cluster reachable and the retention not shorter than the range?");
            }
        }
        progress.finish();
        consumer.unsubscribe();
        return read;
    }

    static Progress progress(PrintWriter err, String label, Plan plan) {
        return Progress.onStderr(err, label, plan.total());
    }

    private static Map<TopicPartition, Long> timestamps(List<TopicPartition> partitions, long millis) {
        Map<TopicPartition, Long> query = new LinkedHashMap<>();
        partitions.forEach(tp -> query.put(tp, millis));
        return query;
    }
}
