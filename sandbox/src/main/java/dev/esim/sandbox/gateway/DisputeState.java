package dev.esim.sandbox.gateway;

/**
 * A dispute (chargeback) of a charge, as the payer's bank opens it and later decides it.
 *
 * @param status {@code needs_response} while open, then {@code won} or {@code lost}
 */
record DisputeState(
        String id,
        long created,
        long amount,
        String currency,
        String chargeId,
        String paymentIntentId,
        String reason,
        String status) {

    DisputeState closed(String outcome) {
        return new DisputeState(id, created, amount, currency, chargeId, paymentIntentId, reason, outcome);
    }
}
