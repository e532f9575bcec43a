package dev.esim.sandbox.govukpay;

import java.time.Instant;

/**
 * One refund of a payment.
 *
 * @param status  {@code submitted} until it succeeds a moment later ({@code success})
 * @param baseUrl the sandbox's address its links are built from (the payment's)
 */
record Refund(String refundId, String paymentId, long amount, String status, Instant createdDate, String baseUrl) {

    Refund succeeded() {
        return new Refund(refundId, paymentId, amount, "success", createdDate, baseUrl);
    }

    String selfHref() {
        return baseUrl + "/govukpay/v1/payments/" + paymentId + "/refunds/" + refundId;
    }

    String paymentHref() {
        return baseUrl + "/govukpay/v1/payments/" + paymentId;
    }
}
