package dev.esim.notification.delivery;

import java.time.Instant;

import dev.esim.notification.email.Notice;
import dev.esim.notification.email.Template;
import dev.esim.notification.secret.Sealed;

/**
 * One row of the delivery log, as claimed for sending.
 *
 * @param attempts       how many times it has been claimed, this time included
 * @param resumedSending it was found in {@code sending} past the resend threshold: the previous sender died
 *                       somewhere between claiming it and recording the outcome
 */
record Delivery(String eventId, String orderId, Template template, String messageId, Notice notice,
        Sealed lpa, Instant eventOccurredAt, Instant receivedAt, int attempts, boolean resumedSending) {
}
