package dev.esim.catalog.reconciliation;

import java.time.Instant;

/**
 * One event as the payment gateway stored it, kept as its raw JSON so it can be re-delivered exactly as the gateway
 * would have sent it (payment-ingress derives the event id from {@link #id()}, so the re-delivery and any late
 * original dedupe to one event).
 *
 * @param objectId the id of {@code data.object} (checkout session, payment intent, charge, refund)
 * @param json     the event as the gateway rendered it; holds personal data, never logged
 */
public record GatewayEvent(String id, String type, String objectId, Instant created, String json) {

    @Override
    public String toString() {
        return "GatewayEvent[id=" + id + ", type=" + type + ", objectId=" + objectId + ", created=" + created + "]";
    }
}
