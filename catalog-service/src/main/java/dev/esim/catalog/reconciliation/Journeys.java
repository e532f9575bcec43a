package dev.esim.catalog.reconciliation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The orders table, read the way reconciliation needs it (orders stay written by the orders feature only). */
final class Journeys {

    record Pending(String orderId, String gateway, String checkoutSessionId, Instant createdAt, Instant expiresAt) {
    }

    record PaidNotActive(String orderId, String kind, String status, Instant paidAt) {
    }

    private final JdbcClient jdbc;

    Journeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Unpaid orders created in [from, to], oldest first. */
    List<Pending> pendingCreatedBetween(Instant from, Instant to, int limit) {
        return jdbc.sql("""
                        select order_id, payment_gateway, checkout_session_id, created_at, expires_at from orders
                        where status = 'pending_payment' and created_at >= :from and created_at <= :to
                        order by created_at limit :limit""")
                .param("from", Timestamp.from(from)).param("to", Timestamp.from(to)).param("limit", limit)
                .query((rs, row) -> new Pending(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant()))
                .list();
    }

    /**
     * Orders paid (first payment event's time) in [from, to] that are not active yet — {@code paid}, or
     * {@code provisioning} (the provider reported progress, the worker has not finished). Oldest payment first.
     */
    List<PaidNotActive> paidNotActive(Instant from, Instant to, int limit) {
        return jdbc.sql("""
                        select o.order_id, o.kind, o.status, p.paid_at from orders o
                        join (select order_id, min(occurred_at) as paid_at from order_events
                              where fact = 'PAYMENT_SUCCEEDED' group by order_id) p on p.order_id = o.order_id
                        where o.status in ('paid', 'provisioning') and p.paid_at >= :from and p.paid_at <= :to
                        order by p.paid_at limit :limit""")
                .param("from", Timestamp.from(from)).param("to", Timestamp.from(to)).param("limit", limit)
                .query((rs, row) -> new PaidNotActive(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant()))
                .list();
    }
}
