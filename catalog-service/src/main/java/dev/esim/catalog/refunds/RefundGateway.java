package dev.esim.catalog.refunds;

import java.util.Set;

/** Asks the payment gateway to refund a payment; the outcome arrives later as a refund webhook. */
public interface RefundGateway {

    /**
     * @param gateway           the gateway that took the payment ({@code stripe}, {@code govukpay})
     * @param paymentIntentId   the payment to refund, or null to find it from the checkout session
     * @param reason            free text from support, kept in the refund's metadata
     * @param amountMinor       how much to give back; null for all that is left of the payment
     * @param recordedRefundIds the payment's refunds our ledger holds: a gateway without idempotency keys for refunds
     *                          takes one it has and we do not for this request's own, answered before a crash
     */
    record RefundRequest(String gateway, String orderId, String paymentIntentId, String checkoutSessionId,
                         String reason, String idempotencyKey, Long amountMinor, Set<String> recordedRefundIds) {

        public RefundRequest {
            recordedRefundIds = recordedRefundIds == null ? Set.of() : Set.copyOf(recordedRefundIds);
        }

        /** A refund of all that is left of the payment. */
        public RefundRequest(String gateway, String orderId, String paymentIntentId, String checkoutSessionId,
                             String reason, String idempotencyKey) {
            this(gateway, orderId, paymentIntentId, checkoutSessionId, reason, idempotencyKey, null, Set.of());
        }
    }

    record Refund(String id, long amountMinor, String currency, String status) {
    }

    /**
     * Throws {@link RefundRefusedException} when the gateway refuses (already refunded, nothing captured) and
     * {@link dev.esim.catalog.checkout.CheckoutGateway.GatewayUnavailableException} on technical faults.
     */
    Refund refund(RefundRequest request);

    final class RefundRefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public RefundRefusedException(String message) {
            super(message);
        }
    }
}
