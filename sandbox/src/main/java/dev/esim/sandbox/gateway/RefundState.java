package dev.esim.sandbox.gateway;

import java.util.Map;

record RefundState(
        String id,
        long created,
        long amount,
        String currency,
        String chargeId,
        String paymentIntentId,
        Map<String, String> metadata,
        String reason,
        String status) {
}
