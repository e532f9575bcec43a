package dev.esim.provisioning.order;

import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Support cancels one unused line of an order (the traveller no longer needs it): the order's line with the requested
 * ICCID is cancelled at the provider that issued it and {@code LineCancelled} is published, caused by the request;
 * catalog-service refunds the line's price once it sees that event. A profile installed meanwhile is refused by the
 * provider: the traveller keeps the line and nothing is published about it. A line already cancelled publishes its
 * outcome only if no committed transaction carried it yet, so a replayed request adds nothing. An ICCID that is not
 * one of the order's issued lines is logged and changes nothing.
 */
final class LineCancellationRequestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(LineCancellationRequestHandler.class);
    private static final String OUTCOME = "line_cancel_requested";

    private final ProvisioningStore store;
    private final ProvisioningMetrics metrics;
    private final ClaimOutcomes outcomes;
    private final LineCancellation cancellation;

    LineCancellationRequestHandler(ProvisioningStore store, ProvisioningMetrics metrics, ClaimOutcomes outcomes,
                                   LineCancellation cancellation) {
        this.store = store;
        this.metrics = metrics;
        this.outcomes = outcomes;
        this.cancellation = cancellation;
    }

    void onRequest(Inbound.LineCancellationRequested e, Step step) {
        Optional<Claim> line = lineOf(e.orderId(), e.iccid());
        if (line.isEmpty()) {
            metrics.outcome(OUTCOME, "no_such_line");
            LOG.warn("order={} iccid={} request={} outcome=line_cancel_ignored reason=no_such_line", e.orderId(),
                    e.iccid(), e.eventId());
            return;
        }
        Claim claim = line.get();
        switch (claim.state()) {
            case ACTIVE -> {
                metrics.outcome(OUTCOME, "active");
                LOG.info("order={} iccid={} request={} requested_by={} outcome=line_cancel_requested", e.orderId(),
                        e.iccid(), e.eventId(), e.requestedBy());
                cancellation.cancel(claim, e.eventId(), step);
            }
            case CANCELLED -> {
                metrics.outcome(OUTCOME, "already_cancelled");
                outcomes.publish(claim, step);
            }
            default -> {
                String state = claim.state().name().toLowerCase(Locale.ROOT);
                metrics.outcome(OUTCOME, "not_cancellable");
                LOG.warn("order={} iccid={} request={} state={} outcome=line_cancel_ignored reason=not_cancellable",
                        e.orderId(), e.iccid(), e.eventId(), state);
            }
        }
    }

    /** The order's line claim that was issued with {@code iccid}; top-up claims name a line but are none. */
    private Optional<Claim> lineOf(String orderId, String iccid) {
        return store.claimsOf(orderId).stream()
                .filter(c -> c.kind() == Claim.Kind.LINE && iccid.equals(c.iccid()))
                .findFirst();
    }
}
