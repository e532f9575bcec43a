package dev.esim.catalog.refunds;

/** Asks the payment gateway to refund a payment; the outcome arrives later as a refund webhook. */
public interface RefundGateway {

    /**
     * @param gateway          the gateway that took the payment ({@code stripe}, {@code govukpay})
     * @param paymentIntentId  the payment to refund, or null to find it from the checkout session
     * @param reason           free text from support, kept in the refund's metadata
     */
    record RefundRequest(String gateway, String orderId, String paymentIntentId, String checkoutSessionId,
                         String reason, String idempotencyKey) {
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
