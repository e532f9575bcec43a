package dev.esim.provisioning.order;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recognises a replay's duplicates before they are handled, so that draining a replayed topic costs one query per poll
 * instead of a handler run per event. A duplicate may be skipped when the input with its event id was handled before
 * at another position whose transaction committed (the group's offset is past it): its handler would only find every
 * claim settled and every outcome published. Dead-lettering an input of an order forgets the order's handled inputs,
 * because the outcomes that input decided were never published and must ride on the order's next input, duplicate or
 * not.
 *
 * <p>A cache, not a source of truth: an input not found here is handled as usual, and handlers stay idempotent on the
 * claims. Rows older than {@code keep} (longer than the topics keep their records) are purged.
 */
public final class DuplicateInputs {

    private static final Logger LOG = LoggerFactory.getLogger(DuplicateInputs.class);
    private static final int PURGE_BATCH = 5_000;

    /** One input of a poll, as the listener sees it before handling: its event id, its order, where it was read. */
    public record Input(String eventId, String orderId, RecordPosition position) {
    }

    /** Where each input was last handled. */
    interface Store {
        /** The last handling position of those of {@code eventIds} that were handled. */
        Map<String, RecordPosition> positions(Collection<String> eventIds);

        /** Records (or moves) each input's handling position, in one statement. */
        void handled(List<Input> inputs);

        /** Forgets every handled input of the order. */
        void forgetOrder(String orderId);

        /** Deletes up to {@code limit} rows handled before {@code before}; returns how many. */
        int purge(Instant before, int limit);
    }

    private final Store store;
    private final ProvisioningMetrics metrics;
    private final Duration keep;
    private final Clock clock;

    DuplicateInputs(Store store, ProvisioningMetrics metrics, Duration keep, Clock clock) {
        this.store = store;
        this.metrics = metrics;
        this.keep = keep;
        this.clock = clock;
    }

    /** The positions of {@code poll}'s inputs that may be skipped: duplicates whose earlier handling committed. */
    public Set<RecordPosition> skippable(List<Input> poll, Delivery.CommitLog commitLog) {
        if (poll.isEmpty()) {
            return Set.of();
        }
        Map<String, RecordPosition> handled = store.positions(poll.stream().map(Input::eventId).toList());
        Set<RecordPosition> skip = new HashSet<>();
        for (Input input : poll) {
            RecordPosition before = handled.get(input.eventId());
            if (before != null && !before.equals(input.position()) && commitLog.isCommitted(before)) {
                skip.add(input.position());
            }
        }
        for (int i = 0; i < skip.size(); i++) {
            metrics.outcome("input_skipped", "duplicate_committed_before"); // one per input, however polls group them
        }
        return skip;
    }

    /** The poll handled these inputs; recorded before its transaction commits. */
    public void handled(List<Input> inputs) {
        if (!inputs.isEmpty()) {
            store.handled(inputs);
        }
    }

    /** An input of the order was dead-lettered: the order's next inputs are handled, duplicates or not. */
    public void abandoned(String orderId) {
        if (orderId != null) {
            store.forgetOrder(orderId);
        }
    }

    /** Deletes what is older than the topics keep; returns how many rows. */
    public int purge() {
        Instant before = clock.instant().minus(keep);
        int total = 0;
        int n;
        do {
            n = store.purge(before, PURGE_BATCH);
            total += n;
        } while (n == PURGE_BATCH);
        if (total > 0) {
            LOG.info("outcome=handled_inputs_purged count={} older_than={}", total, keep);
        }
        return total;
    }
}
