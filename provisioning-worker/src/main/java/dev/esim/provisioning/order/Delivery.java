package dev.esim.provisioning.order;

import java.util.Objects;

/**
 * The input event being processed, and a way to ask whether an earlier input's transaction committed.
 *
 * <p>An outcome event is published in the same Kafka transaction that commits the offset of the input that caused
 * it, so "was that outcome published?" is the same question as "is the consumer group's committed offset past that
 * input?". The claim row remembers which input last published its outcome ({@link Claim#emittedBy()}).
 */
public record Delivery(RecordPosition position, CommitLog commitLog) {

    public Delivery {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(commitLog, "commitLog");
    }

    /** Answers from the consumer group's committed offsets (read_committed, so pending transactions are waited for). */
    @FunctionalInterface
    public interface CommitLog {
        boolean isCommitted(RecordPosition position);
    }
}
