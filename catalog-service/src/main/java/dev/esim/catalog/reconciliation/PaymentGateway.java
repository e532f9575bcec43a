package dev.esim.catalog.reconciliation;

import java.time.Instant;
import java.util.List;

/** What reconciliation asks the payment gateway. Throws on technical faults; the next run tries again. */
public interface PaymentGateway {

    /**
     * A checkout session as it stands now: {@code status} open/complete/expired, {@code paymentStatus}
     * paid/unpaid/….
     */
    record CheckoutSession(String id, String status, String paymentStatus) {

        /** Whether the traveller paid in this session. */
        public boolean paid() {
            return "complete".equals(status)
                    && ("paid".equals(paymentStatus) || "no_payment_required".equals(paymentStatus));
        }
    }

    /** Events of these types created in [from, to] that the gateway has not (yet) delivered to our endpoint. */
    List<GatewayEvent> undeliveredEvents(List<String> types, Instant from, Instant to);

    /** Events of these types created in [from, to], delivered or not. */
    List<GatewayEvent> events(List<String> types, Instant from, Instant to);

    CheckoutSession checkoutSession(String id);
}
