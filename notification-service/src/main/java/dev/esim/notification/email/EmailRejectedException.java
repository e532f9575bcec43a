package dev.esim.notification.email;

/** The mail system refused the message permanently; {@link #reason()} is a stable code, never the raw server text. */
public class EmailRejectedException extends RuntimeException {

    private final String reason;

    public EmailRejectedException(String reason, Throwable cause) {
        super("E-mail rejected: " + reason, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
