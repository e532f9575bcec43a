package dev.esim.notification.delivery;

import dev.esim.notification.order.ActivationEmailResends;
import dev.esim.notification.order.OrderBook;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an order's activation e-mails again when support asks: each one the log still holds with its activation code
 * becomes a new delivery, with an event id derived from the request and the e-mail it repeats — so the request read
 * again (redelivery, replay) queues nothing, and a later request queues each once more. The address is the order's at
 * sending time (a corrected one if the request brought it). The code is gone once the order's data was erased or its
 * e-mails were kept past their retention: then there is nothing to resend.
 */
final class ActivationResender implements ActivationEmailResends {

    private static final Logger LOG = LoggerFactory.getLogger(ActivationResender.class);

    private final DeliveryLog log;
    private final OrderBook orders;
    private final Intake intake;
    private final Clock clock;

    ActivationResender(DeliveryLog log, OrderBook orders, Intake intake, Clock clock) {
        this.log = log;
        this.orders = orders;
        this.intake = intake;
        this.clock = clock;
    }

    @Override
    public int resend(String orderId, String requestEventId) {
        if (orders.find(orderId).isEmpty()) {
            if (orders.erased(orderId)) {
                return 0;
            }
            throw new OrderNotYetKnownException(orderId);
        }
        int queued = 0;
        for (DeliveryLog.Sent sent : log.activationsOf(orderId)) {
            DeliveryRequest again = new DeliveryRequest(resendId(requestEventId, sent.eventId()), orderId,
                    clock.instant(), order -> sent.notice(), sent.lpa(), sent.eventId());
            if (intake.accept(again)) {
                queued++;
            }
        }
        if (queued == 0) {
            LOG.info("order={} request={} outcome=nothing_to_resend", orderId, requestEventId);
        }
        return queued;
    }

    /** The same request and e-mail always make the same id (a name-based UUID), another request another one. */
    static String resendId(String requestEventId, String sentEventId) {
        return UUID.nameUUIDFromBytes(("resend|" + requestEventId + "|" + sentEventId)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }
}
