package dev.esim.notification.delivery;

import dev.esim.events.avro.PaymentEvent;
import dev.esim.events.avro.RefundSucceeded;
import dev.esim.notification.email.Notice;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Refunds: the traveller hears that their money is on its way. Payments themselves are confirmed by the eSIM e-mail.
 */
final class PaymentEventsListener {

    private final Intake intake;

    PaymentEventsListener(Intake intake) {
        this.intake = intake;
    }

    @KafkaListener(topics = "#{T(dev.esim.events.Topics).PAYMENTS.name()}")
    void on(PaymentEvent event) {
        if (event.getPayload() instanceof RefundSucceeded refund) {
            intake.accept(new DeliveryRequest(event.getEventId(), event.getOrderId(), event.getOccurredAt(),
                    order -> new Notice.RefundSucceeded(refund.getAmount().getAmountMinor(),
                            refund.getAmount().getCurrency(), order.planNames()), null));
        }
    }
}
