package dev.esim.provisioning.stream;

import dev.esim.provisioning.order.Delivery;
import dev.esim.provisioning.order.RecordPosition;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Answers "did the transaction that carried this input commit?" for the inputs of one poll, which share one
 * transaction:
 * <ul>
 *   <li>an input handled earlier in this poll: its outcomes travel in this very transaction, so they commit (or abort)
 *       together with whatever the current input publishes — count them as published;</li>
 *   <li>any other input: committed when the group's committed offset is past it. A {@code read_committed} consumer
 *       fetches offsets with {@code require_stable}, so a transaction still in flight is waited for rather than
 *       misread. The offsets are fetched once per partition and poll: only this transaction moves them, and it has
 *       not committed yet.</li>
 * </ul>
 */
final class TransactionCarriers implements Delivery.CommitLog {

    private final Consumer<?, ?> consumer;
    private final Set<RecordPosition> carried = new HashSet<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();

    TransactionCarriers(Consumer<?, ?> consumer) {
        this.consumer = consumer;
    }

    /** The input at {@code position} was handled and its outcomes were sent in this transaction. */
    void carried(RecordPosition position) {
        carried.add(position);
    }

    @Override
    public boolean isCommitted(RecordPosition position) {
        if (carried.contains(position)) {
            return true;
        }
        TopicPartition tp = new TopicPartition(position.topic(), position.partition());
        return committed.computeIfAbsent(tp, this::committedOffset) > position.offset();
    }

    private long committedOffset(TopicPartition tp) {
        OffsetAndMetadata offset = consumer.committed(Set.of(tp)).get(tp);
        return offset != null ? offset.offset() : -1;
    }
}
