package dev.esim.catalog.reconciliation;

import java.time.Instant;
import java.util.List;

/**
 * What reconciliation asks one payment gateway. Throws on technical faults; the next run tries again. Events come
 * back as the gateway would have delivered them to payment-ingress ({@link GatewayEvent#json()}), so a re-delivery
 * takes the path of a real one.
 */
public interface PaymentGateway {

    /**
     * A checkout session (Stripe) or payment (GOV.UK Pay) as it stands now, in Stripe's words: {@code status}
     * open/complete/expired, {@code paymentStatus} paid/unpaid/….
     */
    record CheckoutSession(String id, String status, String paymentStatus) {

        /** Whether the traveller paid in this session. */
        public boolean paid() {
            return "complete".equals(status)
                    && ("paid".equals(paymentStatus) || "no_payment_required".equals(paymentStatus));
        }
    }

    /**
     * Events created in [from, to] that the gateway may not have delivered to our endpoint — those it reports
     * undelivered where it can tell (Stripe), else every event of the kinds worth recovering (payment-ingress's
     * deterministic event ids make a second delivery harmless).
     */
    List<GatewayEvent> undeliveredEvents(Instant from, Instant to);

    /** The events, delivered or not, by which the gateway reported this session paid (created in [from, to]). */
    List<GatewayEvent> paymentEvents(String checkoutSessionId, Instant from, Instant to);

    CheckoutSession checkoutSession(String id);
}
