package dev.esim.ingress.event;

import java.util.Objects;

/**
 * A webhook we refuse: nothing reaches a topic and the caller gets a 4xx with the canonical error code. Messages are
 * written for the caller and for logs, so they never quote the body or a secret.
 */
public final class WebhookRejected extends RuntimeException {

    /** The canonical error codes of a refusal, with the HTTP status each maps to. */
    public enum Reason {
        SIGNATURE_INVALID("signature_invalid", 400),
        TIMESTAMP_OUT_OF_TOLERANCE("timestamp_out_of_tolerance", 400),
        VALIDATION_ERROR("validation_error", 400),
        NOT_FOUND("not_found", 404),
        /** A webhook path called with anything but POST; the code is the platform's one for a malformed request. */
        METHOD_NOT_ALLOWED("validation_error", 405),
        PAYLOAD_TOO_LARGE("payload_too_large", 413);

        private final String code;
        private final int status;

        Reason(String code, int status) {
            this.code = code;
            this.status = status;
        }

        public String code() {
            return code;
        }

        public int status() {
            return status;
        }
    }

    private final Reason reason;

    public WebhookRejected(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
