package dev.esim.chaos;

import java.time.Instant;

/**
 * One traveller's order as the chaos tool drives it, and what it learned about it along the way. The intent decides
 * which end state is lawful; {@link Verdict} judges the end state from the outside.
 */
final class Journey {

    /** What the traveller (or support) does with the order. */
    enum Intent {
        /** Pays the order's own checkout session. */
        PAY,
        /** The card is declined: nothing is paid. */
        DECLINE,
        /** Pays a foreign payment link of one minor unit that names the order, never the order's own session. */
        MISMATCH,
        /** Pays; support refunds it once it is active (before the line is installed). */
        PAY_THEN_REFUND,
        /** Pays; once active, buys and pays a top-up for the line. */
        PAY_THEN_TOP_UP,
        /**
         * Pays; once active, the traveller's bank disputes the payment: it decides at once against us (the money goes
         * back and the line must not stay usable) or for us (nothing changes), or leaves it open for the shop to
         * answer (catalog-service accepts it once the unused line is cancelled, or contests it for an installed line).
         */
        PAY_THEN_CHARGEBACK
    }

    final int number;
    final Intent intent;
    final String email;
    final String sku;
    volatile String orderId;
    volatile String paymentUrl;
    /** When the traveller clicked "pay" on the gateway's page. */
    volatile Instant paidAt;
    /** The foreign link's checkout session ({@link Intent#MISMATCH}). */
    volatile String linkSessionId;
    volatile String topUpOrderId;
    volatile boolean refundRequested;
    /**
     * {@code lost} or {@code won} when the bank decided the dispute at once, {@code needs_response} when it left the
     * answer to the shop ({@link Intent#PAY_THEN_CHARGEBACK}).
     */
    volatile String disputeOutcome;
    /** Why the tool could not drive it to the end (the platform refused a step): reported, not a violation. */
    volatile String abandoned;

    Journey(int number, Intent intent, String email, String sku) {
        this.number = number;
        this.intent = intent;
        this.email = email;
        this.sku = sku;
    }

    boolean paid() {
        return paidAt != null && intent != Intent.DECLINE && intent != Intent.MISMATCH;
    }

    /** Whether the money went back to the traveller through their bank rather than through a refund of ours. */
    boolean chargedBack() {
        return "lost".equals(disputeOutcome);
    }

    @Override
    public String toString() {
        String intentName = intent.name().toLowerCase(java.util.Locale.ROOT);
        return (orderId != null ? orderId : "#" + number) + "(" + intentName + ")";
    }
}
