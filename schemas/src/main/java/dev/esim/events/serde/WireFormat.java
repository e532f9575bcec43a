package dev.esim.events.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Confluent's wire format: one magic byte {@code 0}, the schema id as a 4-byte big-endian int, then the Avro binary
 * encoding of the value (no Avro container header).
 */
public final class WireFormat {

    public static final byte MAGIC_BYTE = 0x0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /** The schema id a serialized value names; fails on anything that is not in this format. */
    public static int schemaId(byte[] data) {
        return header(data).getInt();
    }

    static ByteBuffer header(byte[] data) {
        if (data == null || data.length < HEADER_SIZE) {
            throw new SerializationException("Value is too short for the Confluent wire format");
        }
        ByteBuffer buffer = ByteBuffer.wrap(data);
        if (buffer.get() != MAGIC_BYTE) {
            throw new SerializationException("Unknown magic byte!");
        }
        return buffer;
    }
}
