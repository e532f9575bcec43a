package dev.esim.catalog.reconciliation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Open findings in {@code reconciliation_findings}: one row per order and kind, so support can list them and the
 * alert gauge counts orders, not runs. A finding closes by itself once the order has moved on.
 */
final class Findings {

    private final JdbcClient jdbc;

    Findings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records (or refreshes) a finding; any other open finding of the same order is closed, as the order's
     * situation has changed (e.g. the provider moved from processing to completed).
     *
     * @return whether it is new (first seen, or seen again after it had closed)
     */
    boolean record(String orderId, Finding kind, String detail, Instant now) {
        Timestamp ts = Timestamp.from(now);
        jdbc.sql("""
                        update reconciliation_findings set resolved_at = :now
                        where order_id = :id and kind <> :kind and resolved_at is null""")
                .param("now", ts).param("id", orderId).param("kind", kind.name()).update();
        boolean open = jdbc.sql("""
                        select count(*) from reconciliation_findings
                        where order_id = :id and kind = :kind and resolved_at is null""")
                .param("id", orderId).param("kind", kind.name()).query(Integer.class).single() > 0;
        jdbc.sql("""
                        insert into reconciliation_findings (order_id, kind, detail, first_seen_at, last_seen_at)
                        values (:id, :kind, :detail, :now, :now)
                        on conflict (order_id, kind) do update
                            set detail = excluded.detail, last_seen_at = excluded.last_seen_at,
                                first_seen_at = case when reconciliation_findings.resolved_at is null
                                    then reconciliation_findings.first_seen_at else excluded.first_seen_at end,
                                resolved_at = null""")
                .param("id", orderId).param("kind", kind.name()).param("detail", detail).param("now", ts).update();
        return !open;
    }

    /** Closes findings whose order has moved on: paid now (for a missing payment), or past paid (the others). */
    int resolveSettled(Instant now) {
        Timestamp ts = Timestamp.from(now);
        int paid = jdbc.sql("""
                        update reconciliation_findings f set resolved_at = :now
                        from orders o
                        where f.order_id = o.order_id and f.resolved_at is null and f.kind = 'PAYMENT_NOT_RECORDED'
                          and o.status <> 'pending_payment'""")
                .param("now", ts).update();
        int provisioned = jdbc.sql("""
                        update reconciliation_findings f set resolved_at = :now
                        from orders o
                        where f.order_id = o.order_id and f.resolved_at is null and f.kind <> 'PAYMENT_NOT_RECORDED'
                          and o.status not in ('paid', 'provisioning')""")
                .param("now", ts).update();
        return paid + provisioned;
    }

    Map<Finding, Integer> openByKind() {
        Map<Finding, Integer> open = new EnumMap<>(Finding.class);
        for (Finding f : Finding.values()) {
            open.put(f, 0);
        }
        jdbc.sql("select kind, count(*) from reconciliation_findings where resolved_at is null group by kind")
                .query((rs, row) -> Map.entry(rs.getString(1), rs.getInt(2))).list()
                .forEach(e -> open.put(Finding.valueOf(e.getKey()), e.getValue()));
        return open;
    }
}
