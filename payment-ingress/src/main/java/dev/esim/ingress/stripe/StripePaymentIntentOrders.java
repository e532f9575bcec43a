package dev.esim.ingress.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import java.util.Optional;

/**
 * {@link PaymentIntentOrders} through stripe-java: one {@code GET /v1/payment_intents/{id}} per dispute event, with
 * stripe-java's own network retries. A restricted key with read access to PaymentIntents is all it needs.
 */
public final class StripePaymentIntentOrders implements PaymentIntentOrders {

    private final StripeClient stripe;

    public StripePaymentIntentOrders(StripeClient stripe) {
        this.stripe = stripe;
    }

    @Override
    public Optional<String> orderOf(String paymentIntentId) {
        try {
            PaymentIntent intent = stripe.v1().paymentIntents().retrieve(paymentIntentId);
            String orderId = intent.getMetadata() == null ? null : intent.getMetadata().get("order_id");
            return orderId == null || orderId.isBlank() ? Optional.empty() : Optional.of(orderId);
        } catch (InvalidRequestException e) {
            if (e.getStatusCode() != null && e.getStatusCode() == 404) {
                return Optional.empty(); // not a payment of this account: not one of our orders
            }
            throw new Unavailable("Stripe refused to retrieve a PaymentIntent: " + e.getStatusCode(), e);
        } catch (StripeException e) {
            throw new Unavailable("Stripe did not answer for a PaymentIntent: " + e.getClass().getSimpleName(), e);
        }
    }
}
