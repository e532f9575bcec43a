package dev.esim.catalog.reconciliation;

import java.util.Locale;

/**
 * What reconciliation found and cannot fix itself; each kind is an alert (gauge {@code esim.reconciliation.alerts}).
 */
public enum Finding {
    /**
     * The gateway says the session is paid, the order here is still unpaid past the grace period, and re-delivery
     * cannot help: no event for the session was found, or its events were re-delivered before without effect.
     */
    PAYMENT_NOT_RECORDED,
    /** Paid, not active, and the provider has the order completed: the worker should be re-driven (support). */
    PROVIDER_COMPLETED,
    /** Paid, not active, and the provider is still processing the order long after the payment. */
    PROVIDER_PROCESSING,
    /** Paid, not active, and the provider failed the order, but no failure reached us. */
    PROVIDER_FAILED,
    /** Paid, not active, and the provider has no order for it: provisioning never happened. */
    STUCK;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
