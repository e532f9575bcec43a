package dev.esim.ops;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A raw record plus its decoded envelope, decoded at most once and only if a filter or a display needs it. */
final class ScannedRecord {

    private final ConsumerRecord<byte[], byte[]> raw;
    private final EventDecoder decoder;
    private Optional<DecodedEvent> event;

    ScannedRecord(ConsumerRecord<byte[], byte[]> raw, EventDecoder decoder) {
        this.raw = raw;
        this.decoder = decoder;
    }

    ConsumerRecord<byte[], byte[]> raw() {
        return raw;
    }

    /** Keys are order ids (SKUs on the catalogue) in UTF-8. */
    String key() {
        return raw.key() == null ? null : new String(raw.key(), StandardCharsets.UTF_8);
    }

    Optional<DecodedEvent> event() {
        if (event == null) {
            event = decoder.decode(raw.topic(), raw.value());
        }
        return event;
    }
}
