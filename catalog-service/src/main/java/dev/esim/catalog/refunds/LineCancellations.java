package dev.esim.catalog.refunds;

import dev.esim.catalog.lines.LineRefunds;
import dev.esim.catalog.orders.NewOrder;
import dev.esim.catalog.orders.OrderStatus;
import dev.esim.catalog.orders.OrderView;
import dev.esim.catalog.orders.Orders;
import dev.esim.catalog.outbox.Outbox;
import dev.esim.catalog.outbox.OutboxEvent;
import dev.esim.events.EventIds;
import dev.esim.provider.ProviderException;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Support's "cancel an unused line": one line of a paid order goes, and the traveller gets that line's plan price
 * back while keeping the others. The money follows the line, never the other way round:
 * <ol>
 *     <li>{@link #request} checks the line is the order's, not cancelled yet and not installed (asked at its
 *     provider), then records the request ({@code line_cancellations}, state {@code requested}) and publishes
 *     {@code LineCancellationRequested} through the outbox, in one transaction;</li>
 *     <li>the provisioning-worker cancels the line at the provider that issued it and publishes
 *     {@code LineCancelled}; the order projection then marks the request {@code cancelled} (a line installed
 *     meanwhile is kept by the worker, which publishes nothing for it: {@link #settleKept} finds it installed after
 *     the grace period and marks it {@code kept}; nothing is refunded);</li>
 *     <li>{@link #refundCancelled} asks the order's gateway for a partial refund of the line's price (no more than is
 *     left of the payment), under a key derived from the ICCID, so the gateway makes one refund per line however
 *     often it runs.</li>
 * </ol>
 * The order keeps its status; its refund shows as a partial one, and the conservation audit counts the cancelled line
 * out and its price back.
 */
public final class LineCancellations {

    private static final Logger LOG = LoggerFactory.getLogger(LineCancellations.class);
    static final int MAX_REASON = 500;
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9-]{8,64}");
    private static final Pattern ICCID = Pattern.compile("[0-9A-Za-z]{6,32}");

    /** What came of a request, by the code the order page words. */
    public enum Outcome {
        /** Recorded and published: the worker cancels the line, then its price goes back. */
        REQUESTED,
        NOT_FOUND,
        /** The ICCID is not a line this order issued (a top-up order has none of its own). */
        NOT_A_LINE,
        /** The order holds no payment to give back part of (unpaid, or refunded in full). */
        NOT_PAID,
        /** The line is cancelled, or its cancellation was asked for already. */
        ALREADY_CANCELLED,
        /** The profile is installed on a device: the provider will not cancel it. */
        LINE_INSTALLED,
        /** The order has several plans and nothing says which one this line is: its price is unknown. */
        PLAN_UNKNOWN,
        /** The provider could not be asked whether the line is installed: try again later. */
        SERVER_ERROR,
        /** A reason of 1–500 characters, a line, and the form's nonce are needed. */
        VALIDATION_ERROR;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** @param nonce the console form's: the same form sent twice answers {@link Outcome#REQUESTED} again */
    public record Request(String orderId, String iccid, String reason, String nonce, String operator) {
    }

    /** A line's cancellation as the order page shows it. */
    public record Cancellation(String iccid, String state, long amountMinor, String currency, String refundId,
                               String requestedBy, Instant requestedAt, String lastError) {
    }

    private final Orders orders;
    private final LineRefunds lines;
    private final Outbox outbox;
    private final OwedRefunds owed;
    private final RefundLedger ledger;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Duration grace;

    LineCancellations(Orders orders, LineRefunds lines, Outbox outbox, RefundGateway gateway, RefundLedger ledger,
                      JdbcClient jdbc, TransactionTemplate tx, MeterRegistry meters, Clock clock, Duration grace) {
        this.grace = grace;
        this.orders = orders;
        this.lines = lines;
        this.outbox = outbox;
        this.owed = new OwedRefunds(gateway, ledger);
        this.ledger = ledger;
        this.jdbc = jdbc;
        this.tx = tx;
        this.meters = meters;
        this.clock = clock;
    }

    /** The gateway's idempotency key for a cancelled line's refund: one refund per line, whoever asks. */
    static String idempotencyKey(String iccid) {
        return "line-refund-" + iccid;
    }

    /** Blocking: asks the line's provider whether it is installed. */
    public Outcome request(Request request) {
        String reason = request.reason() == null ? "" : request.reason().strip();
        if (reason.isEmpty() || reason.length() > MAX_REASON || request.iccid() == null
                || !ICCID.matcher(request.iccid()).matches() || request.nonce() == null
                || !NONCE.matcher(request.nonce()).matches()) {
            return Outcome.VALIDATION_ERROR;
        }
        Optional<OrderView> found = orders.find(request.orderId());
        if (found.isEmpty()) {
            return Outcome.NOT_FOUND;
        }
        OrderView order = found.get();
        String iccid = request.iccid();
        if (!"NEW_LINE".equals(order.kind()) || !order.iccids().contains(iccid)) {
            return Outcome.NOT_A_LINE;
        }
        Optional<String> earlierNonce = jdbc.sql("select nonce from line_cancellations where iccid = :iccid")
                .param("iccid", iccid).query(String.class).optional();
        if (earlierNonce.isPresent()) {
            return earlierNonce.get().equals(request.nonce()) ? Outcome.REQUESTED : Outcome.ALREADY_CANCELLED;
        }
        if (!order.status().paymentTaken() || order.status() == OrderStatus.REFUNDED) {
            return Outcome.NOT_PAID;
        }
        if (orders.lineCancelled(iccid)) {
            return Outcome.ALREADY_CANCELLED;
        }
        Optional<NewOrder.Line> plan = planOf(order, iccid);
        if (plan.isEmpty()) {
            return Outcome.PLAN_UNKNOWN;
        }
        try {
            if (!lines.installed(List.of(iccid)).isEmpty()) {
                return Outcome.LINE_INSTALLED;
            }
        } catch (ProviderException e) {
            LOG.warn("Cancellation of line {} of order {} waits for the provider: {}", iccid, order.orderId(),
                    e.getMessage());
            return Outcome.SERVER_ERROR;
        }
        record(order, iccid, plan.get(), reason, request);
        return Outcome.REQUESTED;
    }

    private void record(OrderView order, String iccid, NewOrder.Line plan, String reason, Request request) {
        String eventId = EventIds.derive(order.orderId(), "LineCancellationRequested", iccid);
        Instant now = clock.instant();
        tx.executeWithoutResult(status -> {
            int inserted = jdbc.sql("""
                            insert into line_cancellations (iccid, order_id, nonce, amount_minor, currency,
                                                            requested_by, reason, requested_at, updated_at)
                            values (:iccid, :order, :nonce, :amount, :currency, :by, :reason, :now, :now)
                            on conflict (iccid) do nothing""")
                    .param("iccid", iccid).param("order", order.orderId()).param("nonce", request.nonce())
                    .param("amount", plan.unitPrice().amountMinor()).param("currency", plan.unitPrice().currency())
                    .param("by", request.operator()).param("reason", reason)
                    .param("now", Timestamp.from(now))
                    .update();
            if (inserted == 1) {
                outbox.append(new OutboxEvent.LineCancellationRequested(eventId, now.toEpochMilli(), request.nonce(),
                        order.orderId(), iccid, request.operator(), reason));
            }
        });
        count("requested");
        LOG.info("Cancellation of line {} of order {} requested by {} (event {})", iccid, order.orderId(),
                request.operator(), eventId);
    }

    /** The plan the line was issued on; for a line reported without one, the order's plan if it has only one. */
    private Optional<NewOrder.Line> planOf(OrderView order, String iccid) {
        Optional<String> sku = orders.planOfLine(iccid);
        if (sku.isPresent()) {
            return order.lines().stream().filter(l -> l.sku().equals(sku.get())).findFirst();
        }
        return order.lines().size() == 1 ? Optional.of(order.lines().get(0)) : Optional.empty();
    }

    /** The order's line cancellations, oldest first. */
    public List<Cancellation> of(String orderId) {
        return jdbc.sql("""
                        select iccid, state, amount_minor, currency, refund_id, requested_by, requested_at, last_error
                        from line_cancellations where order_id = :order order by requested_at""")
                .param("order", orderId)
                .query((rs, row) -> new Cancellation(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant(), rs.getString(8)))
                .list();
    }

    /**
     * Refunds the price of lines the worker cancelled, oldest first; returns how many the gateway accepted. Each
     * refund, its ledger row and its line's new state commit together under the order's refund lock
     * ({@link RefundLedger#partialRefund}).
     */
    public int refundCancelled() {
        record Due(String iccid, String orderId, long amountMinor, String currency, String reason,
                   String requestedBy) {
        }
        List<Due> due = jdbc.sql("""
                        select iccid, order_id, amount_minor, currency, reason, requested_by from line_cancellations
                        where state = 'cancelled' order by updated_at limit 100""")
                .query((rs, row) -> new Due(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getString(6)))
                .list();
        int requested = 0;
        for (Due line : due) {
            OrderView order = orders.find(line.orderId()).orElseThrow();
            // never more than is left of the payment (a goodwill refund may have given part of it back already)
            long left = ledger.leftToRefund(order);
            long amount = Math.min(line.amountMinor(), left);
            if (amount <= 0) {
                settle(line.iccid(), "refunded", null, "nothing left of the payment to give back");
                count("nothing_left");
                continue;
            }
            String reason = "line " + line.iccid() + " cancelled: " + line.reason();
            OwedRefunds.Outcome outcome = ledger.partialRefund(order.orderId(), () -> owed.ask(
                    new RefundGateway.RefundRequest(order.paymentGateway(), order.orderId(), order.paymentIntentId(),
                            order.checkoutSessionId(), reason, idempotencyKey(line.iccid()), amount,
                            ledger.refundIds(order.orderId())), reason,
                    line.requestedBy(), "cancelled line " + line.iccid() + " of order " + order.orderId(),
                    (result, refundId, error) -> settle(line.iccid(), switch (result) {
                        case REQUESTED -> "refunded";
                        case REFUSED -> "refused";
                        case RETRY -> "cancelled";
                    }, refundId, error)));
            count(outcome == OwedRefunds.Outcome.REQUESTED ? "refunded" : outcome.name().toLowerCase(Locale.ROOT));
            requested += outcome == OwedRefunds.Outcome.REQUESTED ? 1 : 0;
        }
        return requested;
    }

    /**
     * Settles requests the worker left unanswered for longer than the grace period because the line was installed
     * first (the provider refused to cancel it, and the worker publishes nothing for a line it keeps): each such line
     * is asked at its provider, and an installed one is {@code kept} — the traveller keeps it, nothing is refunded.
     * A line not installed stays {@code requested}: the worker has not got to it yet. Returns how many were kept.
     */
    public int settleKept() {
        List<String> waiting = jdbc.sql("""
                        select iccid from line_cancellations where state = 'requested' and requested_at < :before
                        order by requested_at limit 100""")
                .param("before", Timestamp.from(clock.instant().minus(grace)))
                .query(String.class).list();
        int kept = 0;
        for (String iccid : waiting) {
            try {
                if (!lines.installed(List.of(iccid)).isEmpty()) {
                    settle(iccid, "kept", null, "installed before its provider could cancel it");
                    count("kept");
                    kept++;
                    LOG.info("Cancellation of line {} not done: installed first, the traveller keeps it", iccid);
                }
            } catch (ProviderException e) {
                LOG.warn("Line {} could not be asked about at its provider now: {}", iccid, e.getMessage());
            }
        }
        return kept;
    }

    private void settle(String iccid, String state, String refundId, String error) {
        jdbc.sql("""
                        update line_cancellations set state = :state, refund_id = :refund, last_error = :error,
                            attempts = attempts + 1, updated_at = :now where iccid = :iccid""")
                .param("state", state).param("refund", refundId).param("error", error)
                .param("now", Timestamp.from(clock.instant())).param("iccid", iccid)
                .update();
    }

    private void count(String outcome) {
        meters.counter("esim.lines.cancellations", "outcome", outcome).increment();
    }
}
