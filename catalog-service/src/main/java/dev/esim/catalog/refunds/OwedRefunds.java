package dev.esim.catalog.refunds;

import dev.esim.catalog.checkout.CheckoutGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One refund an automatic run owes, asked of the gateway under its idempotency key: recorded in the ledger when the
 * gateway accepts it, and its row settled by what came of it — requested, refused for good (support must act), or
 * left for the next run when the gateway cannot be reached. Shared by the runs of {@link AutomaticRefunds} (orders
 * never provisioned, mismatched payments) and {@link LineCancellations} (cancelled lines).
 */
final class OwedRefunds {

    private static final Logger LOG = LoggerFactory.getLogger(OwedRefunds.class);

    /** What came of asking. */
    enum Outcome {
        REQUESTED,
        /** The gateway said no (already refunded, nothing captured, …): counted, for support to resolve. */
        REFUSED,
        /** The gateway could not be reached: the refund stays owed. */
        RETRY
    }

    /** Writes the outcome to the row that owes the refund. */
    @FunctionalInterface
    interface Settle {
        /** @param refundId the gateway's refund, for {@link Outcome#REQUESTED}; @param error otherwise, why */
        void settle(Outcome outcome, String refundId, String error);
    }

    private final RefundGateway gateway;
    private final RefundLedger ledger;

    OwedRefunds(RefundGateway gateway, RefundLedger ledger) {
        this.gateway = gateway;
        this.ledger = ledger;
    }

    /**
     * @param reason      recorded with the refund in the ledger
     * @param requestedBy who the ledger names ({@code automatic}, or the operator behind a cancelled line)
     * @param what        the refund in words, for the log ("order ord_…, which could not be provisioned")
     */
    Outcome ask(RefundGateway.RefundRequest request, String reason, String requestedBy, String what, Settle row) {
        try {
            RefundGateway.Refund refund = gateway.refund(request);
            ledger.requested(request.orderId(), refund, reason, requestedBy);
            row.settle(Outcome.REQUESTED, refund.id(), null);
            LOG.info("Refund {} requested for {}", refund.id(), what);
            return Outcome.REQUESTED;
        } catch (RefundGateway.RefundRefusedException e) {
            row.settle(Outcome.REFUSED, null, e.getMessage());
            LOG.error("The gateway refused the refund of {}: {}; support must resolve it", what, e.getMessage());
            return Outcome.REFUSED;
        } catch (CheckoutGateway.GatewayUnavailableException e) {
            row.settle(Outcome.RETRY, null, e.getMessage());
            LOG.warn("The refund of {} is not possible now, will retry: {}", what, e.getMessage());
            return Outcome.RETRY;
        }
    }
}
