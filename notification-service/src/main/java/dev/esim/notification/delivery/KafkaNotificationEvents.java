package dev.esim.notification.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.esim.events.EventIds;
import dev.esim.events.Topics;
import dev.esim.events.avro.EmailFailed;
import dev.esim.events.avro.EmailSent;
import dev.esim.events.avro.NotificationEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/** Writes {@code EmailSent}/{@code EmailFailed} to {@code esim.notifications.v1}, keyed by order id. */
final class KafkaNotificationEvents implements NotificationEvents {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaNotificationEvents.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaTemplate<String, NotificationEvent> template;

    KafkaNotificationEvents(KafkaTemplate<String, NotificationEvent> template) {
        this.template = template;
    }

    /**
     * Hands every outcome to the producer first and only then waits for the acknowledgements, so a batch costs one
     * round trip to the brokers rather than one (plus the producer's linger) per outcome.
     */
    @Override
    public int publish(List<Outcome> outcomes) {
        List<CompletableFuture<?>> sends = new ArrayList<>(outcomes.size());
        Throwable problem = null;
        try {
            for (Outcome outcome : outcomes) {
                sends.add(template.send(Topics.NOTIFICATIONS.name(), outcome.orderId(), toEvent(outcome)));
            }
            template.flush();
        } catch (RuntimeException ex) {
            problem = ex; // those handed over before it are still awaited: they may well be written
        }
        int written = 0;
        long deadline = System.nanoTime() + SEND_TIMEOUT.toNanos();
        try {
            for (CompletableFuture<?> send : sends) {
                send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                written++;
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            problem = ex;
        } catch (ExecutionException ex) {
            problem = ex.getCause() != null ? ex.getCause() : ex;
        } catch (TimeoutException ex) {
            problem = ex;
        }
        if (written < outcomes.size()) {
            LOG.warn("Published {} of {} outcomes to {}; the rest stay unpublished and are retried ({})", written,
                    outcomes.size(), Topics.NOTIFICATIONS.name(), problem.getClass().getSimpleName());
        }
        return written;
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
