package dev.esim.catalog.checkout;

import java.time.Instant;
import java.util.List;

/**
 * Creates hosted checkout sessions at a payment gateway (Stripe Checkout, GOV.UK Pay, or the sandbox's stand-ins for
 * them): the traveller pays on the gateway's page, and the gateway's webhook tells payment-ingress.
 */
public interface CheckoutGateway {

    /**
     * @param gateway         which gateway ({@code stripe}, {@code govukpay}); see {@code GatewayRouter}
     * @param orderId         ours; the gateway carries it as client reference and in metadata
     * @param idempotencyKey  passed on to the gateway: the same order asks for its session only once
     */
    record SessionRequest(String gateway, String orderId, List<Line> lines, String currency, String customerEmail,
                          String successUrl, String cancelUrl, Instant expiresAt, String idempotencyKey, String kind) {
    }

    /** One line item, priced by us. */
    record Line(String name, String description, long unitAmountMinor, int quantity) {
    }

    /** @param id the gateway's handle of this payment: Stripe's checkout session id, GOV.UK Pay's payment id */
    record Session(String id, String url, Instant expiresAt) {
    }

    /** Throws {@link GatewayUnavailableException} when the gateway cannot be used right now. */
    Session createSession(SessionRequest request);

    /** Whether {@code gateway} is configured here and takes payments in {@code currency} (ISO 4217). */
    boolean takes(String gateway, String currency);

    /** The gateway failed or refused us for a technical reason; the client may retry later. */
    final class GatewayUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public GatewayUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
