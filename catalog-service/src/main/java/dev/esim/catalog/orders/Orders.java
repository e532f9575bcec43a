package dev.esim.catalog.orders;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Orders in PostgreSQL and their projected status. Every fact is first recorded in {@code order_events} (primary
 * key = event id, so a redelivered event is a no-op), then the status is recomputed from all of the order's facts
 * under a row lock, so the Kafka listener and the expiry job never overwrite each other.
 */
public final class Orders {

    private static final Logger LOG = LoggerFactory.getLogger(Orders.class);
    private static final TypeReference<List<NewOrder.Line>> LINES = new TypeReference<>() { };
    private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Events events;

    Orders(JdbcClient jdbc, JsonMapper json, TransactionTemplate tx, Clock clock, Events events) {
        this.jdbc = jdbc;
        this.json = json;
        this.tx = tx;
        this.clock = clock;
        this.events = events;
    }

    /** Inside the caller's transaction (with the outbox row); an order id seen before is left as it is. */
    public void insert(NewOrder order) {
        int inserted = jdbc.sql("""
                        insert into orders (order_id, kind, topup_iccid, status, items, units, total_minor, currency,
                                            customer_country, email_hash, metadata, checkout_session_id, payment_url,
                                            expires_at, created_at, updated_at, payment_gateway)
                        values (:id, :kind, :iccid, 'pending_payment', cast(:items as jsonb), :units, :total,
                                :currency, :country, :emailHash, cast(:metadata as jsonb), :session, :url, :expires,
                                :created, :created, :gateway)
                        on conflict (order_id) do nothing""")
                .param("id", order.orderId())
                .param("kind", order.kind())
                .param("gateway", order.paymentGateway())
                .param("iccid", order.topupIccid())
                .param("items", json.writeValueAsString(order.lines()))
                .param("units", order.units())
                .param("total", order.total().amountMinor())
                .param("currency", order.total().currency())
                .param("country", order.customerCountry())
                .param("emailHash", order.emailHash())
                .param("metadata", json.writeValueAsString(order.metadata()))
                .param("session", order.checkoutSessionId())
                .param("url", order.paymentUrl())
                .param("expires", Timestamp.from(order.expiresAt()))
                .param("created", Timestamp.from(order.createdAt()))
                .update();
        if (inserted == 1) {
            afterCommit(() -> events.placed(order.kind()));
        }
    }

    /**
     * Replaces the order's e-mail hash (support corrected the address), inside the caller's transaction.
     *
     * @return whether the order exists
     */
    public boolean changeEmailHash(String orderId, String emailHash) {
        return jdbc.sql("update orders set email_hash = :hash, updated_at = :now where order_id = :id")
                .param("hash", emailHash).param("now", Timestamp.from(clock.instant())).param("id", orderId)
                .update() == 1;
    }

    /** Whether a line of the order is ready (an eSIM issued, or a top-up applied). */
    public boolean hasLines(String orderId) {
        return jdbc.sql("select exists (select 1 from order_events where order_id = :id and fact = 'LINE_READY')")
                .param("id", orderId).query(Boolean.class).single();
    }

    /** The provider that issued a line (its first {@code LINE_READY} fact naming one), if any. */
    public Optional<String> providerOfLine(String iccid) {
        return jdbc.sql("""
                        select provider from order_events
                        where fact = 'LINE_READY' and iccid = :iccid and provider is not null
                        order by received_at limit 1""")
                .param("iccid", iccid).query(String.class).optional();
    }

    /** The plan a line was issued on (its first {@code LINE_READY} fact naming one), if any. */
    public Optional<String> planOfLine(String iccid) {
        return jdbc.sql("""
                        select sku from order_events
                        where fact = 'LINE_READY' and iccid = :iccid and sku is not null
                        order by received_at limit 1""")
                .param("iccid", iccid).query(String.class).optional();
    }

    /** Whether the worker cancelled the line at its provider ({@code LINE_CANCELLED}). */
    public boolean lineCancelled(String iccid) {
        return jdbc.sql("select exists (select 1 from order_events where fact = 'LINE_CANCELLED' and iccid = :iccid)")
                .param("iccid", iccid).query(Boolean.class).single();
    }

    /** The order a line was issued for (its {@code LINE_READY} fact), if any. */
    public Optional<String> orderOfLine(String iccid) {
        return jdbc.sql("select order_id from order_events where fact = 'LINE_READY' and iccid = :iccid limit 1")
                .param("iccid", iccid).query(String.class).optional();
    }

    public Optional<OrderView> find(String orderId) {
        return jdbc.sql("select * from orders where order_id = :id").param("id", orderId)
                .query(this::view).optional()
                .map(this::withIccids);
    }

    /**
     * Which of these event ids are recorded already: one query for a whole poll, so the duplicates of a replay are
     * skipped without a statement each.
     */
    Set<String> recorded(Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("select event_id from order_events where event_id in (:ids)")
                .param("ids", List.copyOf(eventIds))
                .query(String.class).list());
    }

    /**
     * Records a fact and re-projects the order's status, in one transaction (joins the caller's if there is one).
     *
     * @return the status after the fact, empty if the event was seen before or the order is not ours
     */
    Optional<OrderStatus> apply(OrderFact fact) {
        return tx.execute(status -> applyInTransaction(fact));
    }

    /** What the projection reads of an order, row-locked. */
    private record Head(int units, long totalMinor, String currency, String checkoutSessionId, OrderStatus status) {
    }

    private Optional<OrderStatus> applyInTransaction(OrderFact reported) {
        Optional<Head> head = lockHead(reported.orderId());
        OrderFact fact = head.map(h -> classify(reported, h)).orElse(reported);
        if (!record(fact)) {
            return Optional.empty();
        }
        if (head.isEmpty()) {
            // kept in order_events all the same: harmless, and it shows up when support looks for the id
            LOG.warn("Event {} ({}) is about order {} which this service did not create", fact.eventId(),
                    fact.kind(), fact.orderId());
            return Optional.empty();
        }
        OrderFact.Kind kind = fact.kind();
        afterCommit(() -> events.recorded(kind));
        owe(fact);
        return Optional.of(reproject(fact, head.get()));
    }

    private Optional<Head> lockHead(String orderId) {
        return jdbc.sql("""
                        select units, total_minor, currency, checkout_session_id, status from orders
                        where order_id = :id
                        for update""")
                .param("id", orderId)
                .query((rs, row) -> new Head(rs.getInt(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        OrderStatus.fromWire(rs.getString(5))))
                .optional();
    }

    /** The fact as it counts for this order: a payment that does not match it, a partial refund, money sent back. */
    private OrderFact classify(OrderFact reported, Head head) {
        // A payment that names the order but not its amount, currency or session never counts as the order's payment.
        if (reported.kind() == OrderFact.Kind.PAYMENT_SUCCEEDED
                && !matches(reported.paid(), head.totalMinor(), head.currency(), head.checkoutSessionId())) {
            return reported.as(OrderFact.Kind.PAYMENT_MISMATCH);
        }
        if (reported.kind() != OrderFact.Kind.REFUNDED) {
            return reported;
        }
        // Sending back a mismatched payment gives back money that never counted as the order's.
        if (returnsAMismatchedPayment(reported)) {
            return reported.as(OrderFact.Kind.PAYMENT_RETURNED);
        }
        // Only refunds adding up to the whole order refund it; one of part of it leaves the order as it is.
        if (reported.paid() != null && refundedBefore(reported, head.currency()) + reported.paid().amountMinor()
                < head.totalMinor()) {
            return reported.as(OrderFact.Kind.PARTIALLY_REFUNDED);
        }
        return reported;
    }

    /** Inserts the fact; false when its event was recorded before. */
    private boolean record(OrderFact fact) {
        OrderFact.Paid money = fact.paid();
        return jdbc.sql("""
                        insert into order_events (event_id, order_id, fact, iccid, occurred_at, amount_minor, currency,
                                                  provider, sku)
                        values (:eventId, :orderId, :fact, :iccid, :occurredAt, :amount, :currency, :provider, :sku)
                        on conflict (event_id) do nothing""")
                .param("eventId", fact.eventId()).param("orderId", fact.orderId())
                .param("fact", fact.kind().name()).param("iccid", fact.iccid())
                .param("occurredAt", Timestamp.from(fact.occurredAt()))
                .param("amount", money != null ? money.amountMinor() : null)
                .param("currency", money != null ? money.currency() : null)
                .param("provider", fact.provider())
                .param("sku", fact.sku())
                .update() == 1;
    }

    /**
     * Money the fact makes owed, written in its transaction for the refund runs (AutomaticRefunds,
     * LineCancellations): a mismatched payment goes back once per payment, a failed order's money once per order,
     * a line support asked to cancel — now gone at its provider — by its price.
     */
    private void owe(OrderFact fact) {
        Timestamp now = Timestamp.from(clock.instant());
        if (fact.kind() == OrderFact.Kind.PAYMENT_MISMATCH && fact.paymentIntentId() != null && fact.paid() != null) {
            LOG.warn("Event {} reports a payment for order {} that does not match it; to be sent back",
                    fact.eventId(), fact.orderId());
            jdbc.sql("""
                            insert into payment_returns (payment_intent_id, order_id, cause_event_id, amount_minor,
                                                         currency, created_at)
                            values (:pi, :id, :cause, :amount, :currency, :now) on conflict do nothing""")
                    .param("pi", fact.paymentIntentId()).param("id", fact.orderId()).param("cause", fact.eventId())
                    .param("amount", fact.paid().amountMinor()).param("currency", fact.paid().currency())
                    .param("now", now)
                    .update();
        }
        if (fact.kind() == OrderFact.Kind.PROVISIONING_FAILED) {
            jdbc.sql("""
                            insert into automatic_refunds (order_id, cause_event_id, created_at)
                            values (:id, :cause, :now) on conflict (order_id) do nothing""")
                    .param("id", fact.orderId()).param("cause", fact.eventId()).param("now", now)
                    .update();
        }
        if (fact.kind() == OrderFact.Kind.LINE_CANCELLED && fact.iccid() != null) {
            jdbc.sql("""
                            update line_cancellations set state = 'cancelled', updated_at = :now
                            where iccid = :iccid and order_id = :id and state = 'requested'""")
                    .param("iccid", fact.iccid()).param("id", fact.orderId()).param("now", now)
                    .update();
        }
    }

    /** Recomputes the order's status from all its facts and stores it. */
    private OrderStatus reproject(OrderFact fact, Head head) {
        List<OrderFact> facts = jdbc.sql("select event_id, order_id, fact, iccid, occurred_at from order_events"
                        + " where order_id = :id")
                .param("id", fact.orderId())
                .query((rs, row) -> new OrderFact(rs.getString(1), rs.getString(2),
                        OrderFact.Kind.valueOf(rs.getString(3)), rs.getString(4), null,
                        rs.getTimestamp(5).toInstant(), null))
                .list();
        OrderStatus projected = OrderProjection.status(head.units(), facts);
        if (!head.status().paymentTaken() && projected.paymentTaken()) {
            afterCommit(events::paymentTaken);
        }
        jdbc.sql("""
                        update orders set status = :status, updated_at = :now,
                            payment_intent_id = coalesce(payment_intent_id, :pi)
                        where order_id = :id""")
                .param("status", projected.wireName())
                .param("now", Timestamp.from(clock.instant()))
                .param("pi", fact.kind() == OrderFact.Kind.PAYMENT_SUCCEEDED ? fact.paymentIntentId() : null)
                .param("id", fact.orderId())
                .update();
        return projected;
    }

    private static void afterCommit(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    /** What the projection tells the outside (metrics), each once, after the transaction that decided it commits. */
    interface Events {
        /** A checkout placed a new order of this kind ({@code NEW_LINE}, {@code TOP_UP}). */
        void placed(String kind);

        /** A new fact about one of our orders was recorded. */
        void recorded(OrderFact.Kind kind);

        /** An order's payment was taken: it moved from unpaid to paid (or straight past it). */
        void paymentTaken();
    }

    private boolean returnsAMismatchedPayment(OrderFact refund) {
        return refund.paymentIntentId() != null && jdbc.sql("""
                        select count(*) from payment_returns where payment_intent_id = :pi and order_id = :id""")
                .param("pi", refund.paymentIntentId()).param("id", refund.orderId())
                .query(Long.class).single() > 0;
    }

    /** What other refund events of the order already gave back, in the order's currency. */
    private long refundedBefore(OrderFact refund, String currency) {
        return jdbc.sql("""
                        select coalesce(sum(amount_minor), 0) from order_events
                        where order_id = :id and event_id <> :eventId and upper(currency) = upper(:currency)
                          and fact in ('REFUNDED', 'PARTIALLY_REFUNDED')""")
                .param("id", refund.orderId()).param("eventId", refund.eventId()).param("currency", currency)
                .query(Long.class).single();
    }

    /** Same amount and currency, and the order's own session when the event names one. */
    private static boolean matches(OrderFact.Paid paid, long totalMinor, String currency, String checkoutSessionId) {
        return paid == null || (paid.amountMinor() == totalMinor && paid.currency().equalsIgnoreCase(currency)
                && (paid.checkoutSessionId() == null || paid.checkoutSessionId().equals(checkoutSessionId)));
    }

    /** The order's status, row-locked until the caller's transaction ends; empty if unknown. */
    public Optional<OrderStatus> lockStatus(String orderId) {
        return jdbc.sql("select status from orders where order_id = :id for update").param("id", orderId)
                .query(String.class).optional().map(OrderStatus::fromWire);
    }

    /** Unpaid orders whose session lifetime is over, oldest first. */
    public List<OrderView> dueForExpiry(Instant now, int limit) {
        return jdbc.sql("""
                        select * from orders where status = 'pending_payment' and expires_at <= :now
                        order by expires_at limit :limit""")
                .param("now", Timestamp.from(now)).param("limit", limit)
                .query(this::view).list();
    }

    private OrderView withIccids(OrderView v) {
        List<String> iccids = jdbc.sql("""
                        select distinct iccid from order_events
                        where order_id = :id and fact = 'LINE_READY' and iccid is not null order by iccid""")
                .param("id", v.orderId()).query(String.class).list();
        return new OrderView(v.orderId(), v.kind(), v.topupIccid(), v.status(), v.lines(), v.totalMinor(),
                v.currency(), v.metadata(), v.checkoutSessionId(), v.paymentUrl(), v.paymentIntentId(), iccids,
                v.expiresAt(), v.createdAt(), v.updatedAt(), v.paymentGateway());
    }

    private OrderView view(ResultSet rs, int row) throws SQLException {
        return new OrderView(rs.getString("order_id"), rs.getString("kind"), rs.getString("topup_iccid"),
                OrderStatus.fromWire(rs.getString("status")), json.readValue(rs.getString("items"), LINES),
                rs.getLong("total_minor"), rs.getString("currency"),
                json.readValue(rs.getString("metadata"), METADATA), rs.getString("checkout_session_id"),
                rs.getString("payment_url"), rs.getString("payment_intent_id"), List.of(),
                instant(rs.getTimestamp("expires_at")), instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("updated_at")), rs.getString("payment_gateway"));
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
