package dev.esim.catalog.checkout;

import java.time.Instant;
import java.util.List;

/** Creates hosted checkout sessions at the payment gateway (Stripe Checkout, or the sandbox gateway). */
public interface CheckoutGateway {

    /**
     * @param orderId         ours; the gateway carries it as client reference and in metadata
     * @param idempotencyKey  passed on to the gateway: the same order asks for its session only once
     */
    record SessionRequest(String orderId, List<Line> lines, String currency, String customerEmail, String successUrl,
                          String cancelUrl, Instant expiresAt, String idempotencyKey, String kind) {
    }

    /** One line item, priced by us. */
    record Line(String name, String description, long unitAmountMinor, int quantity) {
    }

    record Session(String id, String url, Instant expiresAt) {
    }

    /** Throws {@link GatewayUnavailableException} when the gateway cannot be used right now. */
    Session createSession(SessionRequest request);

    /** The gateway failed or refused us for a technical reason; the client may retry later. */
    final class GatewayUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public GatewayUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
