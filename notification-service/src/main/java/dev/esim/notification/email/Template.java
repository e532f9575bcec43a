package dev.esim.notification.email;

import java.util.Arrays;

/**
 * The e-mails we send; {@link #id()} is the name on {@code EmailSent}/{@code EmailFailed} and of the template files.
 */
public enum Template {
    ACTIVATION_READY("activation-ready"),
    PROVISIONING_FAILED("provisioning-failed"),
    TOP_UP_APPLIED("top-up-applied"),
    LINE_CANCELLED("line-cancelled"),
    REFUND_SUCCEEDED("refund-succeeded"),
    LINE_USAGE("line-usage"),
    LINE_EXPIRING("line-expiring");

    private final String id;

    Template(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Template byId(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown template " + id));
    }
}
