package dev.esim.chaos;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

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

    /** The payment gateways, by the names catalog-service's {@code payment_gateway} and the events use. */
    static final String STRIPE = "stripe";
    static final String GOVUKPAY = "govukpay";

    /**
     * What a traveller may do through GOV.UK Pay: it takes pounds only, and the foreign payment link and the bank's
     * dispute are the Stripe stand-in's test helpers, which GOV.UK Pay has no counterpart of.
     */
    private static final Set<Intent> GOVUKPAY_INTENTS = EnumSet.of(Intent.PAY, Intent.PAY_THEN_REFUND,
            Intent.PAY_THEN_TOP_UP, Intent.DECLINE);

    final int number;
    final Intent intent;
    final String email;
    final String sku;
    /** {@link #STRIPE} or {@link #GOVUKPAY}: where the order (and its top-up) is paid. */
    final String gateway;
    volatile String orderId;
    volatile String paymentUrl;
    /** The checkout's {@code id}: the Stripe Checkout Session, or the GOV.UK Pay payment. */
    volatile String sessionId;
    /** When the traveller clicked "pay" on the gateway's page. */
    volatile Instant paidAt;
    /** The foreign link's checkout session ({@link Intent#MISMATCH}). */
    volatile String linkSessionId;
    volatile String topUpOrderId;
    /** The top-up's checkout {@code id} at the same gateway. */
    volatile String topUpSessionId;
    /** When the traveller's "pay" on the top-up's payment page was accepted; null if it never was. */
    volatile Instant topUpPaidAt;
    volatile boolean refundRequested;
    /**
     * {@code lost} or {@code won} when the bank decided the dispute at once, {@code needs_response} when it left the
     * answer to the shop ({@link Intent#PAY_THEN_CHARGEBACK}).
     */
    volatile String disputeOutcome;
    /** Why the tool could not drive it to the end (the platform refused a step): reported, not a violation. */
    volatile String abandoned;

    Journey(int number, Intent intent, String email, String sku, String gateway) {
        this.number = number;
        this.intent = intent;
        this.email = email;
        this.sku = sku;
        this.gateway = gateway;
    }

    /**
     * The gateway a journey pays through: GOV.UK Pay for a plan priced in pounds, unless the journey needs one of the
     * Stripe stand-in's test helpers (the foreign payment link, the bank's dispute); Stripe otherwise.
     */
    static String gatewayFor(Intent intent, String currency) {
        return "GBP".equalsIgnoreCase(currency) && GOVUKPAY_INTENTS.contains(intent) ? GOVUKPAY : STRIPE;
    }

    boolean viaGovUkPay() {
        return GOVUKPAY.equals(gateway);
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
        return (orderId != null ? orderId : "#" + number) + "(" + intentName + (viaGovUkPay() ? ", govukpay" : "")
                + ")";
    }
}
