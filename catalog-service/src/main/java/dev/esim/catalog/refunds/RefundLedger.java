package dev.esim.catalog.refunds;

import dev.esim.catalog.orders.OrderView;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The {@code refunds} table: every refund we asked the gateway for, whoever asked (support or the automatic run). */
final class RefundLedger {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate tx;

    RefundLedger(JdbcClient jdbc, Clock clock, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.tx = tx;
    }

    /**
     * Runs a partial refund of the order — the gateway call and its ledger row — in one transaction that holds the
     * order's refund lock: one partial refund of an order at a time across instances, so a gateway without idempotency
     * keys for refunds (GOV.UK Pay) can take a refund of the same amount that the ledger does not hold for the
     * caller's own, answered before a crash (the crash rolled its row back), and never for another asker's in flight.
     */
    <T> T partialRefund(String orderId, Supplier<T> refund) {
        return tx.execute(status -> {
            jdbc.sql("select pg_advisory_xact_lock(hashtext(:key))").param("key", "refund:" + orderId)
                    .query(Object.class).single();
            return refund.get();
        });
    }

    /**
     * Records the refund the gateway accepted for the order, once per refund id.
     *
     * @param requestedBy the support operator, or {@code automatic}
     */
    void requested(String orderId, RefundGateway.Refund refund, String reason, String requestedBy) {
        jdbc.sql("""
                        insert into refunds (refund_id, order_id, amount_minor, currency, reason, requested_by,
                                             requested_at)
                        values (:id, :order, :amount, :currency, :reason, :by, :now) on conflict do nothing""")
                .param("by", requestedBy)
                .param("id", refund.id()).param("order", orderId).param("amount", refund.amountMinor())
                .param("currency", refund.currency().toUpperCase(Locale.ROOT)).param("reason", reason)
                .param("now", Timestamp.from(clock.instant()))
                .update();
    }

    /** The refunds we asked the gateway for this order, by id. */
    Set<String> refundIds(String orderId) {
        return Set.copyOf(jdbc.sql("select refund_id from refunds where order_id = :order")
                .param("order", orderId).query(String.class).list());
    }

    /** What is left of the order's payment to give back: its total less what we asked the gateway to refund. */
    long leftToRefund(OrderView order) {
        long refunded = jdbc.sql("""
                        select coalesce(sum(amount_minor), 0) from refunds
                        where order_id = :order and currency = upper(:currency)""")
                .param("order", order.orderId()).param("currency", order.currency()).query(Long.class).single();
        return order.totalMinor() - refunded;
    }
}
