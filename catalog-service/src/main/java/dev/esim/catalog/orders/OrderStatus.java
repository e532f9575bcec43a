package dev.esim.catalog.orders;

import java.util.Locale;

/**
 * The one status a traveller sees across the journey, in rank order: a projected status only ever moves to a higher
 * rank. {@code expired} ranks just above {@code pending_payment}, so a payment that raced the expiry still shows
 * {@code paid} (the worker provisions it); {@code active} outranks {@code failed}, so a line that turned out ready
 * after all wins over an earlier failure report.
 */
public enum OrderStatus {
    PENDING_PAYMENT,
    EXPIRED,
    /** Money arrived that does not match the order (amount, currency or session): held for support, never provisioned;
     *  the order's own payment, if it still comes, outranks it. */
    PAYMENT_MISMATCH,
    PAID,
    /** Paid; the provider cannot serve it now (no prepaid balance, unavailable): retried until the worker's
     *  deadline, then failed and refunded. */
    AWAITING_PROVIDER,
    PROVISIONING,
    FAILED,
    ACTIVE,
    REFUNDED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OrderStatus fromWire(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** Whether a successful payment was (or, for a late refund, had been) taken. */
    public boolean paymentTaken() {
        return compareTo(PAID) >= 0;
    }
}
