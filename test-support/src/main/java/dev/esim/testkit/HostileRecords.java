package dev.esim.testkit;

import java.nio.ByteBuffer;

/** Kafka record values that a consumer must refuse without harm: a valid header, then bytes that lie. */
public final class HostileRecords {

    private HostileRecords() {
    }

    /**
     * 14 bytes in the Confluent wire format: magic byte, {@code schemaId}, then an Avro string (the first field of
     * every envelope, {@code event_id}) announcing 500 MB, followed by four bytes. A decoder that believes the length
     * allocates 500 MB for it.
     */
    public static byte[] hugeStringAnnounced(int schemaId) {
        long zigZag = 500_000_000L << 1;
        ByteBuffer out = ByteBuffer.allocate(14).put((byte) 0).putInt(schemaId);
        while ((zigZag & ~0x7FL) != 0) {
            out.put((byte) ((zigZag & 0x7F) | 0x80));
            zigZag >>>= 7;
        }
        return out.put((byte) zigZag).put(new byte[] {'e', 'v', 't', '_'}).array();
    }

    /** The schema id in the header of a Confluent wire-format value. */
    public static int schemaIdOf(byte[] confluentValue) {
        return ByteBuffer.wrap(confluentValue, 1, 4).getInt();
    }
}
