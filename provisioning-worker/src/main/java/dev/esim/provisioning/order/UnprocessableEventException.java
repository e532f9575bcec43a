package dev.esim.provisioning.order;

/**
 * An input event the worker can never process (a callback for a line we never claimed, a live payment in sandbox).
 * Not retryable: the error handler sends the record to the dead-letter topic with this message as the reason.
 */
public class UnprocessableEventException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnprocessableEventException(String message) {
        super(message);
    }
}
