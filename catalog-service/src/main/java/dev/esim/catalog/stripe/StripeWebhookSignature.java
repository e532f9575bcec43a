package dev.esim.catalog.stripe;

import com.stripe.net.Webhook;
import java.security.GeneralSecurityException;
import java.time.Instant;

/**
 * The {@code Stripe-Signature} header Stripe sends with a webhook, {@code t=<unix s>,v1=<hex HMAC-SHA256>}, made by
 * stripe-java's own signer: reconciliation re-delivers undelivered events to payment-ingress signed like Stripe.
 */
public final class StripeWebhookSignature {

    private StripeWebhookSignature() {
    }

    public static String header(String payload, String secret, Instant signedAt) {
        try {
            return Webhook.Signature.generateSignatureHeader(payload, secret, signedAt.getEpochSecond());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JRE", e);
        }
    }
}
