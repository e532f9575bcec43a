package dev.esim.notification.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.esim.notification.email.Notice;
import dev.esim.notification.secret.Sealed;

/** The memory of what was (to be) sent, keyed by the id of the event each e-mail is about. */
interface DeliveryLog {

    /** Adds a pending delivery; false if one for this event exists already (a redelivery or replay). */
    boolean add(NewDelivery delivery);

    /**
     * Atomically claims the next delivery that is due — pending with {@code next_attempt_at <= now}, or stuck in
     * {@code sending} since before {@code staleBefore} — marks it {@code sending} and commits, before any SMTP
     * traffic, so the log always knows a send may be under way.
     */
    Optional<Delivery> claimNext(Instant now, Instant staleBefore);

    void markSent(String eventId, Instant acceptedAt);

    void markFailed(String eventId, String reason, boolean permanent, Instant at);

    /** Back to pending after a transient failure. */
    void retryLater(String eventId, Instant nextAttemptAt, String reason);

    /** Finished deliveries whose outcome event is not yet published, oldest first. */
    List<Outcome> unpublished(int limit);

    /** Marks these deliveries' outcomes as published (by their event ids). */
    void markPublished(List<String> eventIds);

    /** The order's activation e-mails that still hold their activation code, resends excluded, oldest first. */
    List<Sent> activationsOf(String orderId);

    /** Deliveries not yet finished (pending or sending): the work parked during an SMTP outage. */
    long unfinished();

    /** An activation e-mail as it was queued: what support's resend repeats. */
    record Sent(String eventId, Instant eventOccurredAt, Notice notice, Sealed lpa) {
    }

    /** A delivery to add: the request, resolved against its order. */
    record NewDelivery(DeliveryRequest request, Notice notice, String messageId,
            Instant receivedAt) {
    }
}
