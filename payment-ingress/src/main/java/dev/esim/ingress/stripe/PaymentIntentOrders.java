package dev.esim.ingress.stripe;

import dev.esim.ingress.event.GatewayApiUnavailable;
import java.util.Optional;

/**
 * Which of our orders a Stripe PaymentIntent paid for. A dispute names only the payment it contests; catalog-service
 * puts our order id in the PaymentIntent's {@code metadata.order_id} when it opens the checkout, so the gateway's API
 * answers the question.
 */
@FunctionalInterface
public interface PaymentIntentOrders {

    /**
     * @return the order id, or empty when the PaymentIntent does not exist or is not one of ours
     * @throws Unavailable when the gateway could not be asked (the webhook is then answered 503 and retried)
     */
    Optional<String> orderOf(String paymentIntentId);

    /** The gateway's API did not answer: a technical fault, worth retrying. */
    final class Unavailable extends GatewayApiUnavailable {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
