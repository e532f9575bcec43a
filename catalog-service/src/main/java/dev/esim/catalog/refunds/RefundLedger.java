package dev.esim.catalog.refunds;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code refunds} table: every refund we asked the gateway for, whoever asked (support or the automatic run). */
final class RefundLedger {

    private final JdbcClient jdbc;
    private final Clock clock;

    RefundLedger(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
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

    /** What we asked the gateway to give back of this order so far, in its currency. */
    long refundedMinor(String orderId, String currency) {
        return jdbc.sql("""
                        select coalesce(sum(amount_minor), 0) from refunds
                        where order_id = :order and currency = upper(:currency)""")
                .param("order", orderId).param("currency", currency).query(Long.class).single();
    }
}
