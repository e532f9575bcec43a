package dev.esim.catalog.support;

import dev.esim.catalog.orders.EmailHashes;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What support reads about orders, straight from this service's tables: the search (order id, payment intent,
 * checkout session, ICCID, or the traveller's e-mail address through its keyed hash) and, for one order, its facts,
 * refunds, chargebacks and open reconciliation findings.
 */
final class SupportLookup {

    /** At most this many orders are listed for one search. */
    static final int MAX_HITS = 50;

    record Hit(String orderId, String status, String kind, long totalMinor, String currency, Instant createdAt,
               String matchedBy) {
    }

    record Fact(Instant occurredAt, String fact, String iccid, String provider, Long amountMinor, String currency) {
    }

    record Refund(String refundId, long amountMinor, String currency, String reason, String requestedBy,
                  Instant requestedAt) {
    }

    record Dispute(String disputeId, long amountMinor, String currency, String reason, String state,
                   Instant openedAt, String lastError) {
    }

    record Finding(String kind, String detail, Instant firstSeenAt, Instant lastSeenAt) {
    }

    record AutomaticRefund(String state, String lastError) {
    }

    /** An open finding about some order, for the findings page. */
    record OpenFinding(String orderId, String kind, String detail, Instant firstSeenAt, Instant lastSeenAt) {
    }

    private static final String HIT = "select order_id, status, kind, total_minor, currency, created_at, ";

    private final JdbcClient jdbc;
    private final EmailHashes emailHashes;

    SupportLookup(JdbcClient jdbc, EmailHashes emailHashes) {
        this.jdbc = jdbc;
        this.emailHashes = emailHashes;
    }

    /**
     * The orders {@code q} names, newest first, each once: by id, payment intent, checkout session, or a line it
     * issued or topped up; a {@code q} with an {@code @} is an e-mail address, looked up by its keyed hash only (the
     * address is in no table; orders stored before the hash was are not found). Each branch is an indexed equality
     * (one query, no scan of the orders).
     */
    List<Hit> search(String q) {
        if (q.contains("@")) {
            return jdbc.sql(HIT + "'e-mail address' from orders where email_hash = :hash"
                            + " order by created_at desc limit " + MAX_HITS)
                    .param("hash", emailHashes.of(q))
                    .query(SupportLookup::hit)
                    .list();
        }
        List<Hit> hits = jdbc.sql(HIT + "'order id' from orders where order_id = :q"
                        + " union all " + HIT + "'payment intent' from orders where payment_intent_id = :q"
                        + " union all " + HIT + "'checkout session' from orders where checkout_session_id = :q"
                        + " union all " + HIT + "'ICCID' from orders where topup_iccid = :q or order_id in"
                        + " (select order_id from order_events where fact = 'LINE_READY' and iccid = :q)"
                        + " order by created_at desc limit " + (MAX_HITS * 2))
                .param("q", q)
                .query(SupportLookup::hit)
                .list();
        Map<String, Hit> once = new LinkedHashMap<>();
        hits.forEach(hit -> once.putIfAbsent(hit.orderId(), hit));
        return once.values().stream().limit(MAX_HITS).toList();
    }

    /** Every fact recorded about the order, from every topic, oldest first. */
    List<Fact> timeline(String orderId) {
        return jdbc.sql("""
                        select occurred_at, fact, iccid, provider, amount_minor, currency from order_events
                        where order_id = :id order by occurred_at, received_at, event_id""")
                .param("id", orderId)
                .query((rs, row) -> new Fact(instant(rs.getTimestamp(1)), rs.getString(2), rs.getString(3),
                        rs.getString(4), (Long) rs.getObject(5), rs.getString(6)))
                .list();
    }

    List<Refund> refunds(String orderId) {
        return jdbc.sql("""
                        select refund_id, amount_minor, currency, reason, requested_by, requested_at from refunds
                        where order_id = :id order by requested_at""")
                .param("id", orderId)
                .query((rs, row) -> new Refund(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), instant(rs.getTimestamp(6))))
                .list();
    }

    List<Dispute> disputes(String orderId) {
        return jdbc.sql("""
                        select dispute_id, amount_minor, currency, reason, state, opened_at, last_error from disputes
                        where order_id = :id order by opened_at""")
                .param("id", orderId)
                .query((rs, row) -> new Dispute(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), instant(rs.getTimestamp(6)), rs.getString(7)))
                .list();
    }

    /** The reconciliation job's open findings about the order. */
    List<Finding> openFindings(String orderId) {
        return jdbc.sql("""
                        select kind, detail, first_seen_at, last_seen_at from reconciliation_findings
                        where order_id = :id and resolved_at is null order by first_seen_at""")
                .param("id", orderId)
                .query((rs, row) -> new Finding(rs.getString(1), rs.getString(2), instant(rs.getTimestamp(3)),
                        instant(rs.getTimestamp(4))))
                .list();
    }

    /**
     * Every order's open findings, newest first (by when reconciliation first saw them), at most {@code limit}: the
     * conservation law's breaches support works through.
     */
    List<OpenFinding> latestOpenFindings(int limit) {
        return jdbc.sql("""
                        select order_id, kind, detail, first_seen_at, last_seen_at from reconciliation_findings
                        where resolved_at is null order by first_seen_at desc, order_id, kind limit :limit""")
                .param("limit", limit)
                .query((rs, row) -> new OpenFinding(rs.getString(1), rs.getString(2), rs.getString(3),
                        instant(rs.getTimestamp(4)), instant(rs.getTimestamp(5))))
                .list();
    }

    /** How many findings of each kind are open, by kind. */
    Map<String, Long> openFindingsByKind() {
        Map<String, Long> byKind = new TreeMap<>();
        jdbc.sql("select kind, count(*) from reconciliation_findings where resolved_at is null group by kind")
                .query((rs, row) -> Map.entry(rs.getString(1), rs.getLong(2))).list()
                .forEach(e -> byKind.put(e.getKey(), e.getValue()));
        return byKind;
    }

    /** The automatic refund of an order the worker could not provision, if there is one. */
    Optional<AutomaticRefund> automaticRefund(String orderId) {
        return jdbc.sql("select state, last_error from automatic_refunds where order_id = :id")
                .param("id", orderId)
                .query((ResultSet rs, int row) -> automatic(rs))
                .optional();
    }

    private static Hit hit(ResultSet rs, int row) throws SQLException {
        return new Hit(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                instant(rs.getTimestamp(6)), rs.getString(7));
    }

    private static AutomaticRefund automatic(ResultSet rs) throws SQLException {
        return new AutomaticRefund(rs.getString(1), rs.getString(2));
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
