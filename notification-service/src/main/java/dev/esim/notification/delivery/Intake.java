package dev.esim.notification.delivery;

import java.time.Clock;
import java.util.Optional;

import dev.esim.notification.email.Lpa;
import dev.esim.notification.email.Notice;
import dev.esim.notification.order.CustomerOrder;
import dev.esim.notification.order.OrderBook;
import dev.esim.notification.secret.Unsealer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an event into a pending delivery, once. It does not send: sending happens on the dispatcher's thread so an
 * SMTP outage never stalls the Kafka consumers, and a pending row survives any restart.
 */
final class Intake {

    private static final Logger LOG = LoggerFactory.getLogger(Intake.class);

    private final OrderBook orders;
    private final DeliveryLog log;
    private final Unsealer unsealer;
    private final String messageIdDomain;
    private final Runnable onAccepted;
    private final Clock clock;

    /** @param onAccepted called after a new delivery is committed (wakes the dispatcher for instant delivery) */
    public Intake(OrderBook orders, DeliveryLog log, Unsealer unsealer, String messageIdDomain, Runnable onAccepted,
            Clock clock) {
        this.orders = orders;
        this.log = log;
        this.unsealer = unsealer;
        this.messageIdDomain = messageIdDomain;
        this.onAccepted = onAccepted;
        this.clock = clock;
    }

    /**
     * @return true if this event was new; false for a redelivery or replay, or for an order whose customer data was
     *         erased (nothing more will be sent)
     * @throws OrderNotYetKnownException       the order's {@code OrderPlaced} has not been read yet: retry later
     * @throws Unsealer.UnsealException        the activation string does not decrypt: retrying cannot help
     * @throws IllegalArgumentException        the activation string is not an LPA string: retrying cannot help
     */
    public boolean accept(DeliveryRequest request) {
        Optional<CustomerOrder> found = orders.find(request.orderId());
        if (found.isEmpty() && orders.erased(request.orderId())) {
            LOG.info("order={} event={} outcome=not_emailed reason=customer_data_erased", request.orderId(),
                    request.eventId());
            return false;
        }
        CustomerOrder order = found.orElseThrow(() -> new OrderNotYetKnownException(request.orderId()));
        if (request.lpa() != null) {
            // Fail now, with the event in hand (it goes to the dead-letter topic), rather than at send time.
            Lpa.parse(unsealer.open(request.lpa()));
        }
        Notice notice = request.notice().apply(order);
        String messageId = MessageIds.of(request.eventId(), notice.template(), messageIdDomain);
        boolean added = log.add(new DeliveryLog.NewDelivery(request, notice, messageId, clock.instant()));
        if (added) {
            LOG.info("Accepted {} e-mail for order {} (event {})", notice.template().id(), request.orderId(),
                    request.eventId());
            onAccepted.run();
        } else {
            LOG.info("Event {} already has its e-mail; nothing to do", request.eventId());
        }
        return added;
    }
}
