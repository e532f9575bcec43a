package dev.esim.notification.delivery;

import dev.esim.events.avro.ActivationEvent;
import dev.esim.events.avro.ActivationReady;
import dev.esim.events.avro.LineCancelled;
import dev.esim.events.avro.ProvisioningFailed;
import dev.esim.events.avro.TopUpApplied;
import dev.esim.notification.email.Notice;
import dev.esim.notification.email.Plan;
import dev.esim.notification.order.OrderBook;
import dev.esim.notification.secret.CipherPayloads;
import org.springframework.kafka.annotation.KafkaListener;

/** Provisioning outcomes the traveller must hear about: their eSIM, a failure, a top-up, a cancellation. */
final class ActivationEventsListener {

    private final Intake intake;
    private final OrderBook orders;

    ActivationEventsListener(Intake intake, OrderBook orders) {
        this.intake = intake;
        this.orders = orders;
    }

    /** The worker's reason for a payment that does not match its order: no provisioning was attempted. */
    static final String PAYMENT_MISMATCH = "payment_mismatch";
    /** A top-up refunded before it was applied: the refund e-mail already told the traveller. */
    static final String REFUNDED = "refunded";

    @KafkaListener(topics = "#{T(dev.esim.events.Topics).ACTIVATIONS.name()}")
    void on(ActivationEvent event) {
        Object payload = event.getPayload();
        String eventId = event.getEventId();
        DeliveryRequest request;
        if (payload instanceof ActivationReady ready) {
            // provider alerts that name only the ICCID find the traveller through this
            orders.recordLine(ready.getIccid(), event.getOrderId());
            // the line's plan as issued; its page (terms, FAQ) as the order's catalogue entry named it
            request = new DeliveryRequest(eventId, event.getOrderId(), event.getOccurredAt(),
                    order -> new Notice.ActivationReady(ready.getIccid(),
                            new Plan(ready.getSku(), ready.getPlanName(), ready.getCoverage(),
                                    ready.getDataAllowanceMb(), ready.getValidityDays(),
                                    order.termsUrlOf(ready.getSku())),
                            ready.getValidFrom(), ready.getValidUntil()),
                    CipherPayloads.sealed(ready.getLpa(), eventId));
        } else if (payload instanceof ProvisioningFailed failed) {
            if (PAYMENT_MISMATCH.equals(failed.getReasonCode()) || REFUNDED.equals(failed.getReasonCode())) {
                // Money that does not match the order (someone else's session, an under-payment) is not the order's:
                // catalog-service sends it back, and its refund webhook brings the refund e-mail. Nothing to say yet.
                // Likewise a top-up refunded before it was applied: its refund e-mail said everything.
                return;
            }
            // The provider's detail stays out of the e-mail: only the stable reason code picks the wording.
            request = new DeliveryRequest(eventId, event.getOrderId(), event.getOccurredAt(),
                    order -> new Notice.ProvisioningFailed(failed.getReasonCode(), order.planNames()), null);
        } else if (payload instanceof TopUpApplied topUp) {
            request = new DeliveryRequest(eventId, event.getOrderId(), event.getOccurredAt(),
                    order -> new Notice.TopUpApplied(topUp.getIccid(), order.planNames(), topUp.getDataAddedMb(),
                            topUp.getValidUntil()), null);
        } else if (payload instanceof LineCancelled cancelled) {
            request = new DeliveryRequest(eventId, event.getOrderId(), event.getOccurredAt(),
                    order -> new Notice.LineCancelled(cancelled.getIccid(), cancelled.getProviderRefunded()), null);
        } else {
            return; // ProviderBalanceLow and future kinds: for operators, not travellers
        }
        intake.accept(request);
    }
}
