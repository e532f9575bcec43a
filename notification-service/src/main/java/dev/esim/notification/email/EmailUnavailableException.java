package dev.esim.notification.email;

/** The mail system could not take the message now (down, timeout, 4xx); the same message may be sent again later. */
public class EmailUnavailableException extends RuntimeException {

    private final String reason;

    public EmailUnavailableException(String reason, Throwable cause) {
        super("E-mail not accepted now: " + reason, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
