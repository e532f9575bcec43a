package dev.esim.provisioning.order;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A refunded order — refunds adding up to its whole total: lines not yet issued are never issued, issued lines are
 * cancelled at the provider if unused, a top-up still waiting for its provider is never applied. A partial refund (a
 * goodwill gesture) is recorded and changes nothing. Nor does the refund of a payment that never matched the order
 * (catalog-service sends such money back): it was never the order's money, so it takes nothing from the order.
 */
final class RefundHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RefundHandler.class);
    /** The {@code ProvisioningFailed} reason of a top-up refunded before it was applied: nothing is owed. */
    static final String REFUNDED = "refunded";

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
        if (returnsAMismatchedPayment(e)) {
            metrics.outcome("refunded", "mismatched_payment_returned");
            LOG.info("order={} refund={} outcome=mismatched_payment_returned", e.orderId(), e.refundId());
            return;
        }
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
                if (!claim.state().settled()) {
                    // a top-up still waiting for its provider: with its money gone it is never applied
                    outcomes.fail(claim, REFUNDED, "refunded before the provider added the data", cause, step);
                }
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

    /** Whether the refunded payment is one this order received but rejected as not matching it. */
    private boolean returnsAMismatchedPayment(Inbound.RefundSucceeded e) {
        Payment expected = store.order(e.orderId()).map(PlacedOrder::expected).orElse(null);
        if (e.paymentIntentId() == null || expected == null) {
            return false;
        }
        return store.paymentEvents(e.orderId()).stream()
                .filter(p -> e.paymentIntentId().equals(p.paymentIntentId()))
                .anyMatch(p -> expected.judge(p.payment()).verdict() == Payment.Verdict.MISMATCH);
    }
}
