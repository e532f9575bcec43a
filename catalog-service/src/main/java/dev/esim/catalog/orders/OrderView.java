package dev.esim.catalog.orders;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An order as stored and projected: what {@code GET /v1/orders/{id}}, refunds and expiry read. */
public record OrderView(String orderId, String kind, String topupIccid, OrderStatus status, List<NewOrder.Line> lines,
                        long totalMinor, String currency, Map<String, String> metadata, String checkoutSessionId,
                        String paymentUrl, String paymentIntentId, List<String> iccids, Instant expiresAt,
                        Instant createdAt, Instant updatedAt, String paymentGateway) {
}
