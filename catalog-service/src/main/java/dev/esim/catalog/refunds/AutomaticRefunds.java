package dev.esim.catalog.refunds;

import dev.esim.catalog.checkout.CheckoutGateway;
import dev.esim.catalog.orders.OrderStatus;
import dev.esim.catalog.orders.OrderView;
import dev.esim.catalog.orders.Orders;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
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
 * <p>An unreachable gateway leaves the row due for the next run; a refusal is recorded as {@code refused} and counted
 * ({@code esim.refunds.automatic{outcome="refused"}}), for support to resolve.
 */
public final class AutomaticRefunds {

    private static final Logger LOG = LoggerFactory.getLogger(AutomaticRefunds.class);
    static final String REASON = "provisioning_failed";

    private final Orders orders;
    private final RefundGateway gateway;
    private final JdbcClient jdbc;
    private final MeterRegistry meters;
    private final Clock clock;
    private final RefundLedger ledger;

    AutomaticRefunds(Orders orders, RefundGateway gateway, JdbcClient jdbc, MeterRegistry meters, Clock clock,
                     RefundLedger ledger) {
        this.ledger = ledger;
        this.orders = orders;
        this.gateway = gateway;
        this.jdbc = jdbc;
        this.meters = meters;
        this.clock = clock;
    }

    /** The gateway's idempotency key for an order's automatic refund: one refund per order, whoever asks. */
    static String idempotencyKey(String orderId) {
        return "auto-refund-" + orderId;
    }

    /** Works off the due refunds, oldest first; returns how many the gateway accepted. */
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
        return requested;
    }

    private boolean refund(String orderId) {
        OrderView order = orders.find(orderId).orElseThrow();
        if (order.status() == OrderStatus.REFUNDED || order.status() == OrderStatus.ACTIVE) {
            settle(orderId, "not_needed", null, null);
            count("not_needed");
            return false;
        }
        try {
            RefundGateway.Refund refund = gateway.refund(new RefundGateway.RefundRequest(orderId,
                    order.paymentIntentId(), order.checkoutSessionId(), REASON, idempotencyKey(orderId)));
            ledger.requested(orderId, refund, REASON);
            settle(orderId, "requested", refund.id(), null);
            count("requested");
            LOG.info("Automatic refund {} requested for order {}, which could not be provisioned", refund.id(),
                    orderId);
            return true;
        } catch (RefundGateway.RefundRefusedException e) {
            settle(orderId, "refused", null, e.getMessage());
            count("refused");
            LOG.error("The gateway refused the automatic refund of order {}: {}; support must resolve it", orderId,
                    e.getMessage());
            return false;
        } catch (CheckoutGateway.GatewayUnavailableException e) {
            jdbc.sql("""
                            update automatic_refunds set attempts = attempts + 1, last_error = :error,
                                updated_at = :now where order_id = :id""")
                    .param("error", e.getMessage()).param("now", Timestamp.from(clock.instant()))
                    .param("id", orderId).update();
            count("retry");
            LOG.warn("Automatic refund of order {} not possible now, will retry: {}", orderId, e.getMessage());
            return false;
        }
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
