package dev.esim.catalog.orders;

import java.time.Instant;

/**
 * The chargebacks the payments topic announces, handed on by the {@link OrderStatusListener}; refunds' dispute desk
 * records and answers them. The listener lives here because projecting the order status is its main job; this port is
 * orders' own so that orders does not depend on refunds, which builds on orders. It is called in the poll's
 * transaction, so a dispute is recorded together with the order's facts or not at all.
 */
@FunctionalInterface
public interface Disputes {

    /**
     * A chargeback as the payments topic announced it: opened ({@code decision} null) or decided by the bank
     * ({@code won} or {@code lost}).
     */
    record Dispute(String disputeId, String orderId, String paymentIntentId, long amountMinor, String currency,
                   String reason, Instant at, String decision) {
    }

    /**
     * Records a dispute: an opened one to answer (announced again, it changes nothing), or the bank's decision, which
     * needs no answer any more — also for a dispute that closed before it was answered, or whose opening has not been
     * read yet.
     */
    void record(Dispute dispute);
}
