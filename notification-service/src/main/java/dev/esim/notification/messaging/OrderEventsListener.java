package dev.esim.notification.messaging;

import dev.esim.events.avro.OrderEvent;
import dev.esim.events.avro.OrderPlaced;
import dev.esim.notification.email.Plan;
import dev.esim.notification.order.CustomerOrder;
import dev.esim.notification.order.OrderBook;
import dev.esim.notification.secret.Sealed;
import dev.esim.notification.secret.Unsealer;
import org.springframework.kafka.annotation.KafkaListener;

/** Remembers every order's (encrypted) e-mail address and plan, so later events about it can be e-mailed. */
final class OrderEventsListener {

    private final OrderBook orders;
    private final Unsealer unsealer;

    OrderEventsListener(OrderBook orders, Unsealer unsealer) {
        this.orders = orders;
        this.unsealer = unsealer;
    }

    @KafkaListener(topics = "#{T(dev.esim.events.Topics).ORDERS.name()}")
    void on(OrderEvent event) {
        if (!(event.getPayload() instanceof OrderPlaced placed)) {
            return; // expiry and cancellation before payment: nothing was promised, nothing to e-mail
        }
        Sealed email = CipherUnsealer.sealed(placed.getCustomerEmail(), event.getEventId());
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
