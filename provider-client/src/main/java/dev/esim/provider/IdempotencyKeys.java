package dev.esim.provider;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Idempotency keys derived from our ids, so that a retry, a redelivered Kafka record or a replay after a crash sends
 * the very key of the first attempt and the provider replays the first outcome instead of issuing a second eSIM.
 *
 * <p>Keys are name-based UUIDs (version 5, SHA-1) of {@code "<action>:<id>"}: 36 characters, within eSIM Access's
 * 50-character {@code transactionId} limit, and they reveal nothing about our ids.
 */
public final class IdempotencyKeys {

    public static final int MAX_LENGTH = 50;

    /** Our own namespace for UUIDv5 derivation; changing it would change every derived key. */
    private static final UUID NAMESPACE = UUID.fromString("6f1c3a52-2b8e-5d1a-9c61-0e5b7f3d2a10");

    private IdempotencyKeys() {
    }

    public static String provision(String orderId) {
        return derive("provision", orderId);
    }

    public static String topUp(String topUpOrderId) {
        return derive("topup", topUpOrderId);
    }

    public static String cancel(String orderId) {
        return derive("cancel", orderId);
    }

    static String derive(String action, String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id must not be blank");
        }
        return uuidV5(NAMESPACE, action + ":" + id).toString();
    }

    static UUID uuidV5(UUID namespace, String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is mandatory in every JRE", e);
        }
        sha1.update(toBytes(namespace));
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (hash[i] & 0xff);
            lsb = (lsb << 8) | (hash[i + 8] & 0xff);
        }
        return new UUID(msb, lsb);
    }

    private static byte[] toBytes(UUID uuid) {
        byte[] out = new byte[16];
        long msb = uuid.getMostSignificantBits();
        long lsb = uuid.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (msb >>> (8 * (7 - i)));
            out[i + 8] = (byte) (lsb >>> (8 * (7 - i)));
        }
        return out;
    }
}
