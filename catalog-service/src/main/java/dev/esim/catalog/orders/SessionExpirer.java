package dev.esim.catalog.orders;

/** Ends a checkout session at the payment gateway so it can no longer be paid. */
public interface SessionExpirer {

    enum Outcome {
        /** The session is expired now (by us, just now, or earlier). */
        EXPIRED,
        /** The session was paid (or is settling): do not expire the order; the payment event will follow. */
        COMPLETED
    }

    /**
     * @param gateway the gateway the session was opened at ({@code stripe}, {@code govukpay})
     * Throws on a technical fault (the expiry job tries again on its next run).
     */
    Outcome expire(String gateway, String checkoutSessionId);
}
