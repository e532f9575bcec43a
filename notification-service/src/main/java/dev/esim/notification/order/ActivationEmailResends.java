package dev.esim.notification.order;

/**
 * Support's request to send an order's activation e-mails again ({@code ActivationEmailResendRequested}); the delivery
 * feature does it.
 */
public interface ActivationEmailResends {

    /**
     * Queues each activation e-mail of the order once more, once per request: the same request again queues nothing.
     *
     * @return how many e-mails were queued
     */
    int resend(String orderId, String requestEventId);
}
