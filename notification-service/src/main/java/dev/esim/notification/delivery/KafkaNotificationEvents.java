package dev.esim.notification.delivery;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.esim.events.EventIds;
import dev.esim.events.Topics;
import dev.esim.events.avro.EmailFailed;
import dev.esim.events.avro.EmailSent;
import dev.esim.events.avro.NotificationEvent;
import org.springframework.kafka.core.KafkaTemplate;

/** Writes {@code EmailSent}/{@code EmailFailed} to {@code esim.notifications.v1}, keyed by order id. */
final class KafkaNotificationEvents implements NotificationEvents {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaTemplate<String, NotificationEvent> template;

    KafkaNotificationEvents(KafkaTemplate<String, NotificationEvent> template) {
        this.template = template;
    }

    @Override
    public void publish(Outcome outcome) {
        try {
            template.send(Topics.NOTIFICATIONS.name(), outcome.orderId(), toEvent(outcome))
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing", ex);
        } catch (ExecutionException | TimeoutException ex) {
            throw new IllegalStateException("Could not publish to " + Topics.NOTIFICATIONS.name(), ex);
        }
    }

    /** Same outcome, same event: id derived from the cause, time from the log row, so a republish is identical. */
    static NotificationEvent toEvent(Outcome outcome) {
        String kind = outcome.sent() ? "EmailSent" : "EmailFailed";
        Object payload = outcome.sent()
                ? EmailSent.newBuilder()
                        .setTemplate(outcome.template().id())
                        .setMessageId(outcome.messageId())
                        .build()
                : EmailFailed.newBuilder()
                        .setTemplate(outcome.template().id())
                        .setReason(outcome.reason())
                        .setPermanent(outcome.permanent())
                        .build();
        return NotificationEvent.newBuilder()
                .setEventId(EventIds.derive(outcome.causeEventId(), kind))
                .setOccurredAt(outcome.finishedAt())
                .setOrderId(outcome.orderId())
                .setCausationId(outcome.causeEventId())
                .setPayload(payload)
                .build();
    }
}
