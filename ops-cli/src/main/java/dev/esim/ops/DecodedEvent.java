package dev.esim.ops;

import java.time.Instant;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * One envelope as the tool sees it: the fields every event has ({@code event_id}, {@code occurred_at},
 * {@code causation_id}), the kind of event (the record name of the {@code payload} union branch), and the provider
 * where the envelope or its payload names one. Rendering always goes through {@link AvroRendering}, which masks
 * encrypted fields.
 */
record DecodedEvent(GenericRecord envelope) {

    /** e.g. {@code PaymentSucceeded}; for envelopes without a payload union (the catalogue) the record's own name. */
    String eventType() {
        return payload().map(p -> p.getSchema().getName()).orElse(envelope.getSchema().getName());
    }

    Optional<String> eventId() {
        return string(envelope, "event_id");
    }

    Optional<String> causationId() {
        return string(envelope, "causation_id");
    }

    Optional<Instant> occurredAt() {
        Object value = field(envelope, "occurred_at");
        return value instanceof Long millis ? Optional.of(Instant.ofEpochMilli(millis)) : Optional.empty();
    }

    /** The {@code provider} field of the envelope (provider callbacks, catalogue) or of its payload (activations). */
    Optional<String> provider() {
        return string(envelope, "provider").or(() -> payload().flatMap(p -> string(p, "provider")));
    }

    Optional<GenericRecord> payload() {
        return field(envelope, "payload") instanceof GenericRecord record ? Optional.of(record) : Optional.empty();
    }

    String summary() {
        return AvroRendering.summary(this);
    }

    private static Optional<String> string(GenericRecord record, String name) {
        Object value = field(record, name);
        return value == null ? Optional.empty() : Optional.of(value.toString());
    }

    private static Object field(GenericRecord record, String name) {
        Schema.Field field = record.getSchema().getField(name);
        return field == null ? null : record.get(field.pos());
    }
}
