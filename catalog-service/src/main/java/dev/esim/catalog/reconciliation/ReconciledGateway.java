package dev.esim.catalog.reconciliation;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

/**
 * One payment gateway as reconciliation works it: what it reads there, and how a recovered event goes back into
 * payment-ingress — to that gateway's webhook endpoint, signed the way the gateway signs.
 *
 * @param name        as in {@code orders.payment_gateway}: {@code stripe}, {@code govukpay}
 * @param webhookUrl  payment-ingress's endpoint for this gateway
 * @param signer      the signature header(s) of a body, with this gateway's scheme and our copy of its secret
 */
public record ReconciledGateway(String name, PaymentGateway reader, URI webhookUrl, WebhookSigner signer) {

    /** Signs a re-delivered body as the gateway would have (never logs the secret or the body). */
    @FunctionalInterface
    public interface WebhookSigner {
        Map<String, String> headers(String body, Instant now);
    }

    @Override
    public String toString() {
        return "ReconciledGateway[" + name + " → " + webhookUrl + "]";
    }
}
