package dev.esim.notification.order;

import dev.esim.events.avro.ActivationEmailResendRequested;
import dev.esim.events.avro.CustomerDataErasureRequested;
import dev.esim.events.avro.OrderEvent;
import dev.esim.events.avro.OrderPlaced;
import dev.esim.notification.email.Plan;
import dev.esim.notification.secret.CipherPayloads;
import dev.esim.notification.secret.Sealed;
import dev.esim.notification.secret.Unsealer;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Remembers every order's (encrypted) e-mail address and plan, so later events about it can be e-mailed; forgets
 * them when support erases the customer's data ({@code CustomerDataErasureRequested}, from {@code esim-ops erase});
 * and, when support asks ({@code ActivationEmailResendRequested}, from catalog-service's console), records a corrected
 * address and has the order's activation e-mails sent again.
 */
final class OrderEventsListener {

    private static final Logger LOG = LoggerFactory.getLogger(OrderEventsListener.class);

    private final OrderBook orders;
    private final Unsealer unsealer;
    private final ActivationEmailResends resends;
    private final Clock clock;

    OrderEventsListener(OrderBook orders, Unsealer unsealer, ActivationEmailResends resends, Clock clock) {
        this.orders = orders;
        this.unsealer = unsealer;
        this.resends = resends;
        this.clock = clock;
    }

    @KafkaListener(topics = "#{T(dev.esim.events.Topics).ORDERS.name()}")
    void on(OrderEvent event) {
        if (event.getPayload() instanceof CustomerDataErasureRequested erasure) {
            boolean erased = orders.erase(event.getOrderId(), clock.instant());
            // the audit trail of who asked and why is esim-ops' record on esim.ops.audit.v1; this says it was done
            LOG.info("order={} event={} outcome={} requested_by={}", event.getOrderId(), event.getEventId(),
                    erased ? "customer_data_erased" : "already_erased", erasure.getRequestedBy());
            return;
        }
        if (event.getPayload() instanceof ActivationEmailResendRequested resend) {
            if (resend.getCustomerEmail() != null) {
                Sealed corrected = CipherPayloads.sealed(resend.getCustomerEmail(), event.getEventId());
                unsealer.open(corrected); // a corrected address that does not decrypt goes to the DLT, not to SMTP
                orders.changeAddress(event.getOrderId(), corrected);
            }
            int queued = resends.resend(event.getOrderId(), event.getEventId());
            LOG.info("order={} event={} outcome=activation_email_resend queued={} address_corrected={} "
                    + "requested_by={}", event.getOrderId(), event.getEventId(), queued,
                    resend.getCustomerEmail() != null, resend.getRequestedBy());
            return;
        }
        if (!(event.getPayload() instanceof OrderPlaced placed)) {
            // Expiry and cancellation before payment: nothing was promised, nothing to e-mail. A line cancelled on
            // support's request is the worker's: its LineCancelled, not the request, says what happened.
            return;
        }
        Sealed email = CipherPayloads.sealed(placed.getCustomerEmail(), event.getEventId());
        // Proves the address decrypts while the event is at hand: if not, the event goes to the DLT now rather
        // than an e-mail failing days later. The plaintext is dropped at once.
        unsealer.open(email);
        orders.record(new CustomerOrder(
                event.getOrderId(),
                event.getEventId(),
                placed.getKind().name(),
                email,
                placed.getItems().stream()
                        .map(item -> new Plan(item.getSku(), item.getPlanName(), item.getCoverage(),
                                item.getDataAllowanceMb(), item.getValidityDays(), item.getTermsUrl()))
                        .toList(),
                event.getOccurredAt()));
    }
}
