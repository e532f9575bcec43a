package dev.esim.notification.delivery;

import java.time.Instant;

import dev.esim.notification.email.Template;

/**
 * The final word on one e-mail, to be published as {@code EmailSent} or {@code EmailFailed}.
 *
 * @param causeEventId the event the e-mail was about
 * @param reason       null when sent; a stable code otherwise
 * @param finishedAt   when the outcome was recorded: the published event's time, identical on every republish
 */
record Outcome(String causeEventId, String orderId, Template template, String messageId, boolean sent,
        String reason, boolean permanent, Instant finishedAt) {
}
