package dev.esim.notification.email;

/**
 * Hands one e-mail to the mail system. The real adapter speaks SMTP; tests pass a lambda.
 *
 * <p>Returning normally means the server accepted the message (SMTP 250 after DATA). Anything else is one of the two
 * exceptions below, because the send policy must know whether trying again can help.
 */
@FunctionalInterface
public interface Emailer {

    /**
     * @throws EmailRejectedException    the server refused this message for good (bad address, 5xx): do not retry
     * @throws EmailUnavailableException the server could not be reached or answered 4xx: retry later
     */
    void send(OutgoingEmail email);
}
