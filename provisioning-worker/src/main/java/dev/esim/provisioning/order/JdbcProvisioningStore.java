package dev.esim.provisioning.order;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/**
 * {@link ProvisioningStore} on PostgreSQL. Deliberately no surrounding transaction: each statement auto-commits, so a
 * claim is durable before the provider call that follows it (saving an order, several rows, is the one transaction).
 * Inserts use {@code ON CONFLICT DO NOTHING} so that duplicates and replays keep the first row.
 */
final class JdbcProvisioningStore implements ProvisioningStore {

    private final JdbcClient jdbc;
    private final TransactionOperations transactions;

    JdbcProvisioningStore(JdbcClient jdbc, TransactionOperations transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public void saveOrder(PlacedOrder order) {
        // One transaction: an order row without its items would leave an order that can never be provisioned in
        // full. Items are (re)written while the order has none, which also repairs a row left half-written.
        transactions.executeWithoutResult(status -> {
            Payment expected = order.expected();
            jdbc.sql("""
                            insert into orders (order_id, kind, topup_iccid, total_minor, currency, checkout_session_id)
                            values (?, ?, ?, ?, ?, ?) on conflict do nothing""")
                    .params(order.orderId(), order.kind().name(), order.topUpIccid(),
                            expected != null ? expected.amountMinor() : null,
                            expected != null ? expected.currency() : null,
                            expected != null ? expected.checkoutSessionId() : null)
                    .update();
            boolean hasItems = jdbc.sql("select exists (select 1 from order_items where order_id = ?)")
                    .param(order.orderId()).query(Boolean.class).single();
            if (hasItems) {
                return;
            }
            int itemNo = 0;
            for (PlacedOrder.Item item : order.items()) {
                PlanSpec plan = item.plan();
                jdbc.sql("""
                        insert into order_items (order_id, item_no, sku, plan_name, quantity, coverage,
                                                 data_allowance_mb, validity_days)
                        values (?, ?, ?, ?, ?, ?::text[], ?, ?)""")
                        .params(order.orderId(), itemNo++, plan.sku(), plan.planName(), item.quantity(),
                                textArray(plan.coverage()), plan.dataAllowanceMb(), plan.validityDays())
                        .update();
            }
        });
    }

    @Override
    public Optional<PlacedOrder> order(String orderId) {
        record Head(String kind, String topUpIccid, Payment expected) {
        }
        Optional<Head> head = jdbc.sql("""
                        select kind, topup_iccid, total_minor, currency, checkout_session_id from orders
                        where order_id = ?""")
                .param(orderId)
                .query((rs, n) -> new Head(rs.getString("kind"), rs.getString("topup_iccid"),
                        rs.getString("currency") == null ? null : new Payment(rs.getLong("total_minor"),
                                rs.getString("currency"), rs.getString("checkout_session_id"))))
                .optional();
        if (head.isEmpty()) {
            return Optional.empty();
        }
        List<PlacedOrder.Item> items = jdbc.sql("select * from order_items where order_id = ? order by item_no")
                .param(orderId)
                .query((rs, n) -> new PlacedOrder.Item(new PlanSpec(rs.getString("sku"), rs.getString("plan_name"),
                        strings(rs.getArray("coverage")), rs.getLong("data_allowance_mb"), rs.getInt("validity_days")),
                        rs.getInt("quantity")))
                .list();
        return Optional.of(new PlacedOrder(orderId, PlacedOrder.Kind.valueOf(head.get().kind()), items,
                head.get().topUpIccid(), head.get().expected()));
    }

    @Override
    public void recordPaymentEvent(String orderId, String paymentEventId, Payment payment, String paymentIntentId) {
        jdbc.sql("""
                insert into payment_events (order_id, event_id, amount_minor, currency, checkout_session_id,
                                            payment_intent_id)
                values (?, ?, ?, ?, ?, ?) on conflict do nothing""")
                .params(orderId, paymentEventId, payment.amountMinor(), payment.currency(),
                        payment.checkoutSessionId(), paymentIntentId)
                .update();
    }

    @Override
    public List<ReceivedPayment> paymentEvents(String orderId) {
        return jdbc.sql("select * from payment_events where order_id = ? order by received_at, event_id")
                .param(orderId)
                .query((rs, n) -> new ReceivedPayment(rs.getString("event_id"), new Payment(rs.getLong("amount_minor"),
                        rs.getString("currency"), rs.getString("checkout_session_id")),
                        rs.getString("payment_intent_id")))
                .list();
    }

    @Override
    public RecordPosition rejectionCarrier(String orderId, String paymentEventId) {
        return jdbc.sql("""
                select rejected_topic, rejected_partition, rejected_offset from payment_events
                where order_id = ? and event_id = ? and rejected_topic is not null""")
                .params(orderId, paymentEventId)
                .query((rs, n) -> new RecordPosition(rs.getString("rejected_topic"), rs.getInt("rejected_partition"),
                        rs.getLong("rejected_offset")))
                .optional().orElse(null);
    }

    @Override
    public void rejectionCarrier(String orderId, String paymentEventId, RecordPosition carrier) {
        jdbc.sql("""
                update payment_events set rejected_topic = ?, rejected_partition = ?, rejected_offset = ?
                where order_id = ? and event_id = ?""")
                .params(carrier.topic(), carrier.partition(), carrier.offset(), orderId, paymentEventId)
                .update();
    }

    @Override
    public String recordPayment(String orderId, String paymentEventId) {
        jdbc.sql("""
                insert into payments (order_id, payment_event_id, paid_at) values (?, ?, now())
                on conflict (order_id) do update set payment_event_id = excluded.payment_event_id, paid_at = now()
                where payments.payment_event_id is null""")
                .params(orderId, paymentEventId)
                .update();
        return payment(orderId).orElseThrow();
    }

    @Override
    public Optional<String> payment(String orderId) {
        return jdbc.sql("select payment_event_id from payments where order_id = ? and payment_event_id is not null")
                .param(orderId)
                .query(String.class)
                .optional();
    }

    @Override
    public long recordRefundAmount(String orderId, String refundId, String eventId, long amountMinor,
                                   String currency) {
        jdbc.sql("""
                insert into refunds (order_id, refund_id, event_id, amount_minor, currency)
                values (?, ?, ?, ?, ?) on conflict do nothing""")
                .params(orderId, refundId, eventId, amountMinor, currency)
                .update();
        return jdbc.sql("select coalesce(sum(amount_minor), 0) from refunds where order_id = ? and currency = ?")
                .params(orderId, currency)
                .query(Long.class)
                .single();
    }

    @Override
    public String recordRefund(String orderId, String refundEventId) {
        jdbc.sql("""
                insert into payments (order_id, refund_event_id, refunded_at) values (?, ?, now())
                on conflict (order_id) do update set refund_event_id = excluded.refund_event_id, refunded_at = now()
                where payments.refund_event_id is null""")
                .params(orderId, refundEventId)
                .update();
        return refund(orderId).orElseThrow();
    }

    @Override
    public Optional<String> refund(String orderId) {
        return jdbc.sql("select refund_event_id from payments where order_id = ? and refund_event_id is not null")
                .param(orderId)
                .query(String.class)
                .optional();
    }

    @Override
    public Claimed claim(Claim fresh) {
        PlanSpec plan = fresh.plan();
        int inserted = jdbc.sql("""
                insert into claims (reference, order_id, line_no, kind, state, provider, sku, plan_name, coverage,
                                    data_allowance_mb, validity_days, topup_iccid, providers_tried, cause_event_id,
                                    created_at, next_check_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?::text[], ?, ?, ?, ?::text[], ?, ?, ?)
                on conflict do nothing""")
                .params(fresh.reference(), fresh.orderId(), fresh.lineNo(), fresh.kind().name(), fresh.state().name(),
                        fresh.provider(), plan.sku(), plan.planName(), textArray(plan.coverage()),
                        plan.dataAllowanceMb(), plan.validityDays(), fresh.topUpIccid(),
                        textArray(List.copyOf(fresh.providersTried())), fresh.causeEventId(),
                        Timestamp.from(fresh.createdAt()), ts(fresh.nextCheckAt()))
                .update();
        return new Claimed(claim(fresh.reference()).orElseThrow(), inserted == 1);
    }

    @Override
    public Optional<Claim> claim(String reference) {
        return jdbc.sql("select * from claims where reference = ?").param(reference)
                .query(JdbcProvisioningStore::claimRow).optional();
    }

    @Override
    public List<Claim> claimsOf(String orderId) {
        return jdbc.sql("select * from claims where order_id = ? order by line_no, kind").param(orderId)
                .query(JdbcProvisioningStore::claimRow).list();
    }

    @Override
    public Optional<String> providerOfLine(String iccid) {
        return jdbc.sql("select provider from claims where iccid = ? and kind = 'LINE' limit 1").param(iccid)
                .query(String.class).optional();
    }

    @Override
    public void save(Claim c) {
        PlanSpec plan = c.plan();
        RecordPosition carrier = c.emittedBy();
        int updated = jdbc.sql("""
                update claims set state = ?, provider = ?, sku = ?, plan_name = ?, coverage = ?::text[],
                    data_allowance_mb = ?, validity_days = ?, provider_order_id = ?, iccid = ?, lpa_sealed = ?,
                    valid_from = ?, valid_until = ?, data_added_mb = ?, provider_refunded = ?, failure_code = ?,
                    failure_detail = ?, attempts = ?, cancel_requested = ?, providers_tried = ?::text[],
                    outcome_event_id = ?, outcome_cause_id = ?, outcome_at = ?, emitted_topic = ?,
                    emitted_partition = ?, emitted_offset = ?, next_check_at = ?, checks = ?,
                    version = version + 1, updated_at = now()
                where reference = ? and version = ?""")
                .params(c.state().name(), c.provider(), plan.sku(), plan.planName(), textArray(plan.coverage()),
                        plan.dataAllowanceMb(), plan.validityDays(), c.providerOrderId(), c.iccid(), c.sealedLpa(),
                        ts(c.validFrom()), ts(c.validUntil()), c.dataAddedMb(), c.providerRefunded(), c.failureCode(),
                        c.failureDetail(), c.attempts(), c.cancelRequested(),
                        textArray(List.copyOf(c.providersTried())), c.outcomeEventId(), c.outcomeCauseId(),
                        ts(c.outcomeAt()), carrier != null ? carrier.topic() : null,
                        carrier != null ? carrier.partition() : null, carrier != null ? carrier.offset() : null,
                        ts(c.nextCheckAt()), c.checks(), c.reference(), c.version())
                .update();
        if (updated != 1) {
            throw new StaleClaimException(c.reference(), c.version());
        }
        c.saved();
    }

    @Override
    public List<DueCheck> leaseDueChecks(Instant now, Duration lease, int limit) {
        // SKIP LOCKED: two sweeping instances take disjoint claims; the lease keeps a claim from being handed out
        // again until its check has had time to run (the check itself then sets the next time).
        return jdbc.sql("""
                update claims set next_check_at = ?
                where reference in (
                    select reference from claims
                    where state in ('REQUESTED', 'PENDING', 'AWAITING_PROVIDER') and next_check_at <= ?
                    order by next_check_at limit ? for update skip locked)
                returning reference, order_id, cause_event_id""")
                .params(Timestamp.from(now.plus(lease)), Timestamp.from(now), limit)
                .query((rs, n) -> new DueCheck(rs.getString("reference"), rs.getString("order_id"),
                        rs.getString("cause_event_id")))
                .list();
    }

    /**
     * Retention: deletes the activation codes of lines whose outcome was published before {@code before}, at most
     * {@code batch} of them; returns how many.
     */
    public int eraseActivationCodesPublishedBefore(java.time.Instant before, int batch) {
        return jdbc.sql("""
                update claims set lpa_sealed = null, version = version + 1, updated_at = now()
                where reference in (select reference from claims
                                    where lpa_sealed is not null and emitted_topic is not null and outcome_at < ?
                                    limit ?)""")
                .params(java.sql.Timestamp.from(before), batch)
                .update();
    }

    @Override
    public int eraseActivationCodes(String orderId) {
        return jdbc.sql("""
                update claims set lpa_sealed = null, version = version + 1, updated_at = now()
                where order_id = ? and lpa_sealed is not null and emitted_topic is not null""")
                .params(orderId)
                .update();
    }

    @Override
    public int forgetEmission(RecordPosition p) {
        int claims = jdbc.sql("""
                update claims
                set emitted_topic = null, emitted_partition = null, emitted_offset = null, version = version + 1,
                    updated_at = now()
                where emitted_topic = ? and emitted_partition = ? and emitted_offset = ?""")
                .params(p.topic(), p.partition(), p.offset())
                .update();
        jdbc.sql("""
                update payment_events set rejected_topic = null, rejected_partition = null, rejected_offset = null
                where rejected_topic = ? and rejected_partition = ? and rejected_offset = ?""")
                .params(p.topic(), p.partition(), p.offset())
                .update();
        return claims;
    }

    @Override
    public boolean balanceTurnedLow(String provider, boolean low) {
        // Returns the previous value in the same statement, so two workers cannot both see the flip.
        boolean before = jdbc.sql("""
                with previous as (select low from provider_balance where provider = ?)
                insert into provider_balance (provider, low, checked_at) values (?, ?, now())
                on conflict (provider) do update set low = excluded.low, checked_at = now()
                returning coalesce((select low from previous), false)""")
                .params(provider, provider, low)
                .query((rs, n) -> rs.getBoolean(1))
                .single();
        return low && !before;
    }

    /** Lines parked because their provider could not serve them (no balance, unavailable). */
    long countAwaitingProvider() {
        return jdbc.sql("select count(*) from claims where state = 'AWAITING_PROVIDER'").query(Long.class).single();
    }

    /** Claims made more than {@code olderThan} ago and still waiting for their provider. */
    long countStuck(Duration olderThan) {
        return jdbc.sql("""
                select count(*) from claims where state in ('REQUESTED', 'PENDING', 'AWAITING_PROVIDER')
                and created_at < now() - make_interval(secs => ?)""")
                .param(olderThan.toSeconds())
                .query(Long.class)
                .single();
    }

    private static Claim claimRow(ResultSet rs, int rowNum) throws SQLException {
        String topic = rs.getString("emitted_topic");
        RecordPosition carrier = topic == null ? null
                : new RecordPosition(topic, rs.getInt("emitted_partition"), rs.getLong("emitted_offset"));
        long added = rs.getLong("data_added_mb");
        Long dataAdded = rs.wasNull() ? null : added;
        return new Claim(rs.getString("reference"), rs.getString("order_id"), rs.getInt("line_no"),
                Claim.Kind.valueOf(rs.getString("kind")), Claim.State.valueOf(rs.getString("state")),
                rs.getString("provider"),
                new PlanSpec(rs.getString("sku"), rs.getString("plan_name"), strings(rs.getArray("coverage")),
                        rs.getLong("data_allowance_mb"), rs.getInt("validity_days")),
                rs.getString("topup_iccid"), rs.getString("provider_order_id"), rs.getString("iccid"),
                rs.getBytes("lpa_sealed"), instant(rs, "valid_from"), instant(rs, "valid_until"), dataAdded,
                rs.getBoolean("provider_refunded"), rs.getString("failure_code"), rs.getString("failure_detail"),
                rs.getInt("attempts"), rs.getBoolean("cancel_requested"),
                new LinkedHashSet<>(strings(rs.getArray("providers_tried"))), rs.getString("cause_event_id"),
                rs.getString("outcome_event_id"), rs.getString("outcome_cause_id"), instant(rs, "outcome_at"),
                carrier, instant(rs, "created_at"), instant(rs, "next_check_at"), rs.getInt("checks"),
                rs.getInt("version"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    /** A PostgreSQL array literal ({@code {"a","b"}}), cast with {@code ::text[]} in the statement. */
    static String textArray(List<String> values) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append('"').append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return sb.append('}').toString();
    }
}
