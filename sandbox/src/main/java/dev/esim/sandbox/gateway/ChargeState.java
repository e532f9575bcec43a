package dev.esim.sandbox.gateway;

import java.util.Map;

/** The Charge behind a PaymentIntent; carries the PaymentIntent's metadata as Stripe copies it. */
record ChargeState(
        String id,
        long created,
        long amount,
        long amountRefunded,
        String currency,
        String paymentIntentId,
        String paymentMethodId,
        String billingEmail,
        Map<String, String> metadata,
        String status) {

    long refundable() {
        return amount - amountRefunded;
    }

    ChargeState withStatus(String newStatus) {
        return new ChargeState(id, created, amount, amountRefunded, currency, paymentIntentId, paymentMethodId,
                billingEmail, metadata, newStatus);
    }

    ChargeState withRefunded(long more) {
        return new ChargeState(id, created, amount, amountRefunded + more, currency, paymentIntentId, paymentMethodId,
                billingEmail, metadata, status);
    }
}
