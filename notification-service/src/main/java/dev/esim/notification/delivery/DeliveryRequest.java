package dev.esim.notification.delivery;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;

import dev.esim.notification.email.Notice;
import dev.esim.notification.order.CustomerOrder;
import dev.esim.notification.secret.Sealed;

/**
 * An event that deserves one e-mail.
 *
 * @param eventId    id of the event the e-mail is about: the deduplication key, and the seed of the Message-ID
 * @param occurredAt when that event happened (start of the "event to SMTP accept" latency)
 * @param notice     builds what to say once the order is known (failure and refund e-mails name the plan bought)
 * @param lpa        the encrypted activation string (sealed for the event it came with); activation e-mails only
 * @param resendOf   for an e-mail support asked to send again: the event id of the e-mail it repeats; else null
 */
record DeliveryRequest(String eventId, String orderId, Instant occurredAt,
        Function<CustomerOrder, Notice> notice, Sealed lpa, String resendOf) {

    public DeliveryRequest {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(notice, "notice");
    }

    /** An event's own e-mail. */
    DeliveryRequest(String eventId, String orderId, Instant occurredAt, Function<CustomerOrder, Notice> notice,
            Sealed lpa) {
        this(eventId, orderId, occurredAt, notice, lpa, null);
    }
}
