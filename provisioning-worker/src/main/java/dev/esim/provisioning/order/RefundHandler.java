package dev.esim.provisioning.order;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A refunded order — refunds adding up to its whole total: lines not yet issued are never issued, issued lines are
 * cancelled at the provider if unused. A partial refund (a goodwill gesture) is recorded and changes nothing.
 */
final class RefundHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RefundHandler.class);

    private final ProvisioningStore store;
    private final ProvisioningMetrics metrics;
    private final ClaimOutcomes outcomes;
    private final LineCancellation cancellation;

    RefundHandler(ProvisioningStore store, ProvisioningMetrics metrics, ClaimOutcomes outcomes,
                  LineCancellation cancellation) {
        this.store = store;
        this.metrics = metrics;
        this.outcomes = outcomes;
        this.cancellation = cancellation;
    }

    void onRefund(Inbound.RefundSucceeded e, Step step) {
        long refunded = store.recordRefundAmount(e.orderId(), e.refundId(), e.eventId(), e.amountMinor(),
                e.currency());
        Payment expected = store.order(e.orderId()).map(PlacedOrder::expected).orElse(null);
        if (expected != null && (!expected.currency().equalsIgnoreCase(e.currency())
                || refunded < expected.amountMinor())) {
            // Part of the money back (a goodwill gesture): the traveller keeps the line.
            metrics.outcome("partially_refunded", "line_kept");
            LOG.info("order={} refund={} refunded_minor={} of={} outcome=partial_refund_line_kept", e.orderId(),
                    e.refundId(), refunded, expected.amountMinor());
            return;
        }
        String cause = store.recordRefund(e.orderId(), e.eventId());
        List<Claim> claims = store.claimsOf(e.orderId());
        if (claims.isEmpty()) {
            // Nothing provisioned yet; the payment handler sees the refund and will never claim this order.
            metrics.outcome("refunded", "before_provisioning");
            return;
        }
        for (Claim claim : claims) {
            if (claim.kind() != Claim.Kind.LINE) {
                continue; // data already added to a line is not taken back
            }
            switch (claim.state()) {
                case ACTIVE -> cancellation.cancel(claim, cause, step);
                case REQUESTED, PENDING, AWAITING_PROVIDER -> {
                    claim.requestCancel();
                    store.save(claim);
                }
                case CANCELLED -> outcomes.publish(claim, step);
                default -> LOG.debug("claim={} state={} refund=nothing_to_cancel", claim.reference(), claim.state());
            }
        }
    }
}
