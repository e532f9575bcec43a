package dev.esim.sandbox.gateway;

import java.util.List;
import java.util.Map;

/**
 * A Checkout Session as the gateway remembers it. Immutable: changes go through the {@code with…} methods so a
 * snapshot handed to a webhook never changes under it.
 *
 * @param collectedEmail the e-mail the traveller typed on the checkout page ({@code customer_details.email})
 * @param paymentIntentMetadata what Stripe copies onto the PaymentIntent (and its Charge) from
 *     {@code payment_intent_data[metadata]}; session metadata is NOT copied there by Stripe
 */
record SessionState(
        String id,
        long created,
        long expiresAt,
        String currency,
        List<LineItem> lineItems,
        String clientReferenceId,
        String customerEmail,
        Map<String, String> metadata,
        Map<String, String> paymentIntentMetadata,
        String successUrl,
        String cancelUrl,
        String url,
        String status,
        String paymentStatus,
        String paymentIntentId,
        String collectedEmail) {

    long amountTotal() {
        return lineItems.stream().mapToLong(LineItem::amountTotal).sum();
    }

    boolean isOpen() {
        return "open".equals(status);
    }

    SessionState withPaymentIntent(String newPaymentIntentId, String email) {
        return new SessionState(id, created, expiresAt, currency, lineItems, clientReferenceId, customerEmail, metadata,
                paymentIntentMetadata, successUrl, cancelUrl, url, status, paymentStatus, newPaymentIntentId, email);
    }

    SessionState withStatus(String newStatus, String newPaymentStatus) {
        return new SessionState(id, created, expiresAt, currency, lineItems, clientReferenceId, customerEmail, metadata,
                paymentIntentMetadata, successUrl, cancelUrl, url, newStatus, newPaymentStatus, paymentIntentId,
                collectedEmail);
    }
}
