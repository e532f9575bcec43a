package dev.esim.catalog.refunds;

import dev.esim.catalog.orders.OrderStatus;
import dev.esim.catalog.orders.OrderView;
import dev.esim.catalog.orders.Orders;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Gives the money back for paid orders the worker could not provision (out of stock everywhere, provider refusal,
 * balance never restored): the other half of "money taken ⇔ eSIM delivered". Each due row of
 * {@code automatic_refunds} (written with the order's {@code ProvisioningFailed}) is asked of the gateway with an
 * idempotency key derived from the order, so however often this runs, on however many instances, the gateway makes
 * one refund. The order turns {@code refunded} when the gateway's refund webhook comes back, like any refund.
 *
 * <p>It also sends back payments that named an order but did not match it (rows of {@code payment_returns}): another
 * amount, currency or checkout session is never the order's money. Each is refunded in full against its own payment
 * intent under a key derived from that payment, unless {@code esim.catalog.refunds.mismatched-payments} is
 * {@code hold}: then the rows stay due, counted by the {@code esim.orders.payment_mismatch} gauge, for support.
 *
 * <p>An unreachable gateway leaves the row due for the next run; a refusal is recorded as {@code refused} and counted
 * ({@code esim.refunds.automatic{outcome="refused"}}), for support to resolve.
 */
public final class AutomaticRefunds {

    /** Who the refunds this class makes are recorded as requested by. */
    static final String AUTOMATIC = "automatic";


    private static final Logger LOG = LoggerFactory.getLogger(AutomaticRefunds.class);
    static final String REASON = "provisioning_failed";
    static final String MISMATCH_REASON = "payment_mismatch";

    /** What happens to a payment that names an order but does not match it. */
    public enum MismatchedPayments {
        /** Sent back through the gateway at once (the default). */
        REFUND,
        /** Kept for support to decide (e.g. a top-up the traveller meant to pay). */
        HOLD
    }

    private final Orders orders;
    private final OwedRefunds owed;
    private final JdbcClient jdbc;
    private final MeterRegistry meters;
    private final Clock clock;
    private final MismatchedPayments mismatchedPayments;

    AutomaticRefunds(Orders orders, RefundGateway gateway, JdbcClient jdbc, MeterRegistry meters, Clock clock,
                     RefundLedger ledger, MismatchedPayments mismatchedPayments) {
        this.mismatchedPayments = mismatchedPayments;
        this.orders = orders;
        this.owed = new OwedRefunds(gateway, ledger);
        this.jdbc = jdbc;
        this.meters = meters;
        this.clock = clock;
    }

    /** The gateway's idempotency key for an order's automatic refund: one refund per order, whoever asks. */
    static String idempotencyKey(String orderId) {
        return "auto-refund-" + orderId;
    }

    /** The gateway's idempotency key for sending back one mismatched payment: one refund per payment. */
    static String returnKey(String paymentIntentId) {
        return "return-" + paymentIntentId;
    }

    /**
     * Works off the due refunds, oldest first — orders that could not be provisioned, then mismatched payments unless
     * they are held; returns how many the gateway accepted.
     */
    public int refundDue() {
        List<String> due = jdbc.sql("""
                        select order_id from automatic_refunds where state = 'due' order by created_at limit 100""")
                .query(String.class).list();
        int requested = 0;
        for (String orderId : due) {
            if (refund(orderId)) {
                requested++;
            }
        }
        if (mismatchedPayments == MismatchedPayments.REFUND) {
            requested += returnMismatchedPayments();
        }
        return requested;
    }

    private int returnMismatchedPayments() {
        record Due(String paymentIntentId, String orderId, String gateway) {
        }
        // a payment names its order through the gateway the order was opened at, so it went through that one
        List<Due> due = jdbc.sql("""
                        select r.payment_intent_id, r.order_id, coalesce(o.payment_gateway, 'stripe')
                        from payment_returns r left join orders o on o.order_id = r.order_id
                        where r.state = 'due' order by r.created_at limit 100""")
                .query((rs, row) -> new Due(rs.getString(1), rs.getString(2), rs.getString(3))).list();
        int requested = 0;
        for (Due payment : due) {
            OwedRefunds.Outcome outcome = owed.ask(new RefundGateway.RefundRequest(payment.gateway(),
                            payment.orderId(), payment.paymentIntentId(), null, MISMATCH_REASON,
                            returnKey(payment.paymentIntentId())), MISMATCH_REASON, AUTOMATIC,
                    "payment " + payment.paymentIntentId() + ", which does not match order " + payment.orderId(),
                    (result, refundId, error) -> settleReturn(payment.paymentIntentId(), switch (result) {
                        case REQUESTED -> "requested";
                        case REFUSED -> "refused";
                        case RETRY -> "due";
                    }, refundId, error));
            count(outcome == OwedRefunds.Outcome.REQUESTED ? "returned" : outcome.name().toLowerCase(Locale.ROOT));
            requested += outcome == OwedRefunds.Outcome.REQUESTED ? 1 : 0;
        }
        return requested;
    }

    private void settleReturn(String paymentIntentId, String state, String refundId, String error) {
        jdbc.sql("""
                        update payment_returns set state = :state, refund_id = :refund, last_error = :error,
                            attempts = attempts + 1, updated_at = :now where payment_intent_id = :pi""")
                .param("state", state).param("refund", refundId).param("error", error)
                .param("now", Timestamp.from(clock.instant())).param("pi", paymentIntentId)
                .update();
    }

    private boolean refund(String orderId) {
        OrderView order = orders.find(orderId).orElseThrow();
        if (order.status() == OrderStatus.REFUNDED || order.status() == OrderStatus.ACTIVE) {
            settle(orderId, "not_needed", null, null);
            count("not_needed");
            return false;
        }
        OwedRefunds.Outcome outcome = owed.ask(new RefundGateway.RefundRequest(order.paymentGateway(), orderId,
                        order.paymentIntentId(), order.checkoutSessionId(), REASON, idempotencyKey(orderId)), REASON,
                AUTOMATIC, "order " + orderId + ", which could not be provisioned",
                (result, refundId, error) -> {
                    if (result == OwedRefunds.Outcome.RETRY) {
                        retryLater(orderId, error);
                    } else {
                        settle(orderId, result == OwedRefunds.Outcome.REQUESTED ? "requested" : "refused", refundId,
                                error);
                    }
                });
        count(outcome.name().toLowerCase(Locale.ROOT));
        return outcome == OwedRefunds.Outcome.REQUESTED;
    }

    private void retryLater(String orderId, String error) {
        jdbc.sql("""
                        update automatic_refunds set attempts = attempts + 1, last_error = :error,
                            updated_at = :now where order_id = :id""")
                .param("error", error).param("now", Timestamp.from(clock.instant())).param("id", orderId).update();
    }

    private void settle(String orderId, String state, String refundId, String error) {
        jdbc.sql("""
                        update automatic_refunds set state = :state, refund_id = :refund, last_error = :error,
                            attempts = attempts + 1, updated_at = :now where order_id = :id""")
                .param("state", state).param("refund", refundId).param("error", error)
                .param("now", Timestamp.from(clock.instant())).param("id", orderId)
                .update();
    }

    private void count(String outcome) {
        meters.counter("esim.refunds.automatic", "outcome", outcome).increment();
    }
}
