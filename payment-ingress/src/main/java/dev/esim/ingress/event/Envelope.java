package dev.esim.ingress.event;

import java.time.Instant;
import java.util.Objects;

/**
 * A verified, normalised webhook ready to be published.
 *
 * @param eventId         our deterministic id, {@code EventIds.derive(source, sourceEventId)}: the same webhook
 *                        delivered again yields the same id, so consumers dedupe on it
 * @param occurredAt      when the gateway says it happened
 * @param orderId         our order id as the gateway echoed it; empty if the gateway does not echo it
 *                        (see {@link #key()})
 * @param sourceEventId   the gateway's own event id (our {@code causation_id})
 * @param source          {@code stripe} or the provider name from the URL
 * @param sourceEventType the gateway's event type, e.g. {@code checkout.session.completed}
 * @param livemode        the gateway's live flag (always false for providers without one in sandbox)
 * @param originalPayload the body exactly as received (encrypted by the publisher; never logged)
 * @param fact            what happened
 * @param partitionKey    the Kafka key: the order id, or the ICCID when the gateway gives us no order id
 * @param reference       for provider callbacks, our reference as the provider named it: the order id, or
 *                        {@code <order id>/<n>} for further lines of one order; null otherwise
 */
public record Envelope(
        String eventId,
        Instant occurredAt,
        String orderId,
        String sourceEventId,
        String source,
        String sourceEventType,
        boolean livemode,
        byte[] originalPayload,
        Fact fact,
        String partitionKey,
        String reference) {

    /** An envelope that names no provider reference (gateway webhooks, alerts keyed by ICCID). */
    public Envelope(String eventId, Instant occurredAt, String orderId, String sourceEventId, String source,
                    String sourceEventType, boolean livemode, byte[] originalPayload, Fact fact,
                    String partitionKey) {
        this(eventId, occurredAt, orderId, sourceEventId, source, sourceEventType, livemode, originalPayload, fact,
                partitionKey, null);
    }

    /**
     * The order a provider reference belongs to: further lines of an order carry {@code <order id>/<n>}, and every
     * event of one order must share its key (and partition) with the order's payment.
     */
    public static String orderIdOf(String reference) {
        int slash = reference.indexOf('/');
        return slash < 0 ? reference : reference.substring(0, slash);
    }

    public Envelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(sourceEventId, "sourceEventId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sourceEventType, "sourceEventType");
        Objects.requireNonNull(originalPayload, "originalPayload");
        Objects.requireNonNull(fact, "fact");
        Objects.requireNonNull(partitionKey, "partitionKey");
    }

    /** The Kafka record key. */
    public String key() {
        return partitionKey;
    }

    @Override
    public String toString() {
        // The payload holds customer details and activation codes: never part of a log line.
        return "Envelope[eventId=" + eventId + ", source=" + source + ", type=" + sourceEventType
                + ", orderId=" + orderId + ", sourceEventId=" + sourceEventId
                + ", fact=" + fact.getClass().getSimpleName() + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Envelope other && eventId.equals(other.eventId) && occurredAt.equals(other.occurredAt)
                && orderId.equals(other.orderId) && sourceEventId.equals(other.sourceEventId)
                && source.equals(other.source) && sourceEventType.equals(other.sourceEventType)
                && livemode == other.livemode && java.util.Arrays.equals(originalPayload, other.originalPayload)
                && fact.equals(other.fact) && partitionKey.equals(other.partitionKey)
                && Objects.equals(reference, other.reference);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId, sourceEventId, source);
    }
}
