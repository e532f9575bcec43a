package dev.esim.catalog.outbox;

import java.util.List;

/**
 * What the service publishes, as written to the outbox: plain records (no Avro — the relay maps them to the
 * contract's Avro types at the edge). Timestamps are epoch milliseconds. Every event's id is fixed when its row is
 * inserted, so a re-publish after a crash carries the same id and consumers dedupe it.
 */
public sealed interface OutboxEvent {

    String eventId();

    long occurredAt();

    String causationId();

    /** The Kafka record key: order id, or SKU for plans. */
    String key();

    /** {@code esim.orders.v1}: an order was created and awaits payment. */
    record OrderPlaced(String eventId, long occurredAt, String causationId, String orderId, String kind,
                       List<Item> items, long totalMinor, String currency, SealedField customerEmail,
                       String customerCountry, String topupIccid, String checkoutSessionId, long expiresAt)
            implements OutboxEvent {
        @Override
        public String key() {
            return orderId;
        }
    }

    /** @param termsUrl the plan's page at its provider (terms, FAQ), or null */
    record Item(String sku, String planName, int quantity, long unitPriceMinor, List<String> coverage,
                long dataAllowanceMb, int validityDays, String termsUrl) {
    }

    /** {@code esim.orders.v1}: an order was not paid within its session's lifetime. */
    record OrderExpired(String eventId, long occurredAt, String causationId, String orderId, String reason)
            implements OutboxEvent {
        @Override
        public String key() {
            return orderId;
        }
    }

    /**
     * {@code esim.orders.v1}: support asks for the order's activation e-mails to be sent again, to a corrected
     * address when {@code customerEmail} is given (sealed with this event's id), else to the order's own address.
     *
     * @param requestedBy   the signed-in operator
     * @param customerEmail the corrected address, sealed; null for none
     */
    record ActivationEmailResendRequested(String eventId, long occurredAt, String causationId, String orderId,
                                          String requestedBy, String reason, SealedField customerEmail)
            implements OutboxEvent {
        @Override
        public String key() {
            return orderId;
        }
    }

    /** {@code esim.orders.v1}: support cancels one unused line of the order (the worker cancels it at its provider). */
    record LineCancellationRequested(String eventId, long occurredAt, String causationId, String orderId,
                                     String iccid, String requestedBy, String reason) implements OutboxEvent {
        @Override
        public String key() {
            return orderId;
        }
    }

    /** {@code esim.catalog.plans.v1} (compacted, key SKU): the latest state of one plan as we sell it. */
    record PlanChanged(String eventId, long occurredAt, String causationId, String sku, String name, String region,
                       List<String> coverage, long dataAllowanceMb, int validityDays, long priceMinor,
                       String currency, String activationMethod, boolean available, String provider)
            implements OutboxEvent {
        @Override
        public String key() {
            return sku;
        }
    }

    /**
     * A field already encrypted (Tink AEAD, associated data = the carrying event's id) before it reaches the
     * outbox table, so personal data never sits there in plaintext.
     */
    record SealedField(String keyId, byte[] ciphertext) {
    }
}
