package dev.esim.ingress.govukpay;

import dev.esim.ingress.event.GatewayApiUnavailable;
import java.util.Optional;

/**
 * The reference of a GOV.UK Pay payment, which catalog-service sets to our order id when it creates the payment. A
 * refund message describes the refund and names the payment it returns money from, not the payment's reference, so
 * GOV.UK Pay's API is asked.
 */
@FunctionalInterface
public interface PaymentReferences {

    /**
     * @return the payment's {@code reference}, or empty when GOV.UK Pay knows no such payment
     * @throws Unavailable when GOV.UK Pay could not be asked or gave no usable answer (the webhook is then answered
     *                     503 and delivered again)
     */
    Optional<String> referenceOf(String paymentId);

    /** GOV.UK Pay's API did not answer usefully: a technical fault, worth retrying. */
    final class Unavailable extends GatewayApiUnavailable {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
