package dev.esim.ops;

import dev.esim.events.serde.ConfluentAvroDeserializer;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads Confluent-wire Avro values as {@link GenericRecord}s in their writer's schema, so the tool shows any version of
 * any envelope — also one newer than the classes it was built with. Values that are not Avro (a poison pill in a
 * dead-letter topic) come back empty instead of failing the run.
 */
final class EventDecoder {

    private final ConfluentAvroDeserializer deserializer = new ConfluentAvroDeserializer();

    EventDecoder(Map<String, Object> serdeConfig) {
        deserializer.configure(Map.copyOf(withGenericReader(serdeConfig)), false);
    }

    Optional<DecodedEvent> decode(String topic, byte[] value) {
        if (value == null || value.length == 0) {
            return Optional.empty();
        }
        try {
            return deserializer.deserialize(topic, value) instanceof GenericRecord record
                    ? Optional.of(new DecodedEvent(record))
                    : Optional.empty();
        } catch (RuntimeException notAvroOrUnknownSchema) {
            return Optional.empty();
        }
    }

    private static Map<String, Object> withGenericReader(Map<String, Object> config) {
        var copy = new java.util.HashMap<>(config);
        copy.put("specific.avro.reader", "false");
        return copy;
    }
}
