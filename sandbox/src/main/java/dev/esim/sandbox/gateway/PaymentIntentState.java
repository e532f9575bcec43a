package dev.esim.sandbox.gateway;

import java.util.Map;

/**
 * A PaymentIntent created when the traveller acts on the checkout page.
 *
 * @param status {@code succeeded}, {@code processing} (pay later) or {@code requires_payment_method} (declined)
 * @param declined whether the last attempt was declined ({@code last_payment_error} is then set)
 */
record PaymentIntentState(
        String id,
        long created,
        long amount,
        String currency,
        String status,
        Map<String, String> metadata,
        String latestChargeId,
        String paymentMethodId,
        String receiptEmail,
        boolean declined) {

    long amountReceived() {
        return "succeeded".equals(status) ? amount : 0;
    }

    PaymentIntentState withStatus(String newStatus, boolean newDeclined) {
        return new PaymentIntentState(id, created, amount, currency, newStatus, metadata, latestChargeId,
                paymentMethodId, receiptEmail, newDeclined);
    }
}
