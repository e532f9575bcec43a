package dev.esim.catalog.orders;

import dev.esim.catalog.outbox.Outbox;
import dev.esim.catalog.outbox.OutboxEvent;
import dev.esim.events.EventIds;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Expires orders left unpaid past their session lifetime: first the gateway session (so it can no longer be paid),
 * then — in one transaction — the order's status and its {@code OrderExpired} event (outbox). A session the gateway
 * reports as paid is left alone: its payment event is on its way. The event id derives from the order id, so a
 * second run (or a second instance) produces the same event, which the outbox drops as a duplicate.
 */
public final class OrderExpiry {

    private static final Logger LOG = LoggerFactory.getLogger(OrderExpiry.class);
    static final String REASON = "checkout_session_expired";

    private final Orders orders;
    private final SessionExpirer gateway;
    private final Outbox outbox;
    private final TransactionTemplate tx;
    private final Clock clock;

    public OrderExpiry(Orders orders, SessionExpirer gateway, Outbox outbox, TransactionTemplate tx, Clock clock) {
        this.orders = orders;
        this.gateway = gateway;
        this.outbox = outbox;
        this.tx = tx;
        this.clock = clock;
    }

    /** @return how many orders were expired */
    public int expireDue() {
        return expireDue(clock.instant());
    }

    public int expireDue(Instant now) {
        List<OrderView> due = orders.dueForExpiry(now, 100);
        int expired = 0;
        for (OrderView order : due) {
            SessionExpirer.Outcome outcome;
            try {
                outcome = gateway.expire(order.paymentGateway(), order.checkoutSessionId());
            } catch (RuntimeException e) {
                LOG.warn("Could not expire session of order {} now, will retry: {}", order.orderId(), e.getMessage());
                continue;
            }
            if (outcome == SessionExpirer.Outcome.COMPLETED) {
                LOG.info("Order {} is past its lifetime but its session was paid; waiting for the payment event",
                        order.orderId());
                continue;
            }
            if (Boolean.TRUE.equals(tx.execute(status -> expire(order, now)))) {
                expired++;
            }
        }
        return expired;
    }

    private boolean expire(OrderView order, Instant now) {
        if (orders.lockStatus(order.orderId()).orElse(null) != OrderStatus.PENDING_PAYMENT) {
            return false; // paid in the meantime
        }
        String eventId = EventIds.derive(order.orderId(), "OrderExpired");
        outbox.append(new OutboxEvent.OrderExpired(eventId, now.toEpochMilli(), order.checkoutSessionId(),
                order.orderId(), REASON));
        orders.apply(OrderFact.of(eventId, order.orderId(), OrderFact.Kind.EXPIRED, now));
        LOG.info("Order {} expired unpaid", order.orderId());
        return true;
    }
}
