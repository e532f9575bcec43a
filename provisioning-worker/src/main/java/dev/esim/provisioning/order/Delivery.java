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

    /**
     * Whether an earlier, committed transaction already carried what {@code carrier} published: false when nothing
     * did yet ({@code null}), when it is this very input (a retry of it), or when that input's transaction aborted.
     */
    public boolean publishedBefore(RecordPosition carrier) {
        return carrier != null && !carrier.equals(position) && commitLog.isCommitted(carrier);
    }

    /**
     * Whether the transaction that consumed {@code position} committed — or is the very transaction the current input
     * is handled in (a poll's inputs share one), so that what it carried commits or aborts with what this one
     * publishes.
     */
    @FunctionalInterface
    public interface CommitLog {
        boolean isCommitted(RecordPosition position);
    }
}
