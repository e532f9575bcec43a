package dev.esim.events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Deterministic event ids: a derived event's id is a name-based UUID (version 5, SHA-1) of what caused it, so
 * re-processing or replaying the cause reproduces the same id and consumers dedupe on it naturally.
 */
public final class EventIds {

    /** Our namespace for UUIDv5 names (a fixed random UUID; changing it would change every derived id). */
    private static final UUID NAMESPACE = UUID.fromString("6f1f3c1e-5b7a-4f0e-9a53-3c1a2d8e4b90");

    private EventIds() {
    }

    /** The id of the event that {@code parts} (e.g. source event id and outcome type) identify. */
    public static String derive(String... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("at least one part is needed");
        }
        return uuidV5(String.join("\u001f", parts)).toString();
    }

    static UUID uuidV5(String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every JRE", e);
        }
        sha1.update(ByteBuffer.allocate(16)
                .putLong(NAMESPACE.getMostSignificantBits())
                .putLong(NAMESPACE.getLeastSignificantBits())
                .array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
        ByteBuffer bb = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bb.getLong(), bb.getLong());
    }
}
