package dev.esim.notification.delivery;

import dev.esim.events.avro.LineAlertKind;
import dev.esim.events.avro.ProviderEvent;
import dev.esim.events.avro.ProviderLineAlert;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * The provider's alerts about a traveller's line — data nearly or fully used, validity ending — become e-mails with a
 * top-up link (once per line and threshold, {@link LineAlerts}). The provider's other events are the worker's.
 */
final class ProviderEventsListener {

    private final LineAlerts alerts;
    private final Intake intake;

    ProviderEventsListener(LineAlerts alerts, Intake intake) {
        this.alerts = alerts;
        this.intake = intake;
    }

    @KafkaListener(topics = "#{T(dev.esim.events.Topics).PROVIDER_EVENTS.name()}")
    void on(ProviderEvent event) {
        if (!(event.getPayload() instanceof ProviderLineAlert alert)) {
            return;
        }
        if (alert.getKind() == LineAlertKind.EXPIRING) {
            if (alert.getExpiresAt() != null) {
                intake.accept(alerts.expiring(event.getOrderId(), alert.getIccid(), alert.getExpiresAt(),
                        event.getOccurredAt()));
            }
            return;
        }
        if (alert.getUsedMb() != null && alert.getRemainingMb() != null) {
            alerts.usage(event.getOrderId(), alert.getIccid(), alert.getUsedMb(), alert.getRemainingMb(),
                    event.getOccurredAt()).ifPresent(intake::accept);
        }
    }
}
