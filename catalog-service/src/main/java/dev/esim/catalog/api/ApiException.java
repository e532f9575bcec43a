package dev.esim.catalog.api;

import java.time.Duration;

/**
 * A request we refuse or cannot serve, rendered as the canonical error body
 * {@code {"error":{"code","message","request_id"}}}. The message is for developers and never holds personal data.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient Duration retryAfter;

    public ApiException(int status, String code, String message) {
        this(status, code, message, null);
    }

    public ApiException(int status, String code, String message, Duration retryAfter) {
        super(message);
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public static ApiException validation(String message) {
        return new ApiException(400, "validation_error", message);
    }

    /** A request for an order or its lines without the order's token. */
    public static ApiException orderTokenRequired() {
        return new ApiException(401, "order_token_required", "This needs the order's token: the order_token "
                + "returned at checkout, or the link in the order's e-mail (?token=…, or the X-Order-Token header).");
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, "conflict", message);
    }

    public static ApiException unavailable(String message) {
        return new ApiException(503, "server_error", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** For 429: how long the client should wait; null otherwise. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
