package dev.esim.notification.secret;

import java.nio.ByteBuffer;

import dev.esim.events.avro.EncryptedPayload;

/** The platform's encrypted field ({@link EncryptedPayload}, as events carry it) as a {@link Sealed} value and back. */
public final class CipherPayloads {

    private CipherPayloads() {
    }

    /** The payload as we keep it: bound to the id of the event that carried it. */
    public static Sealed sealed(EncryptedPayload payload, String eventId) {
        ByteBuffer buffer = payload.getCiphertext().duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return new Sealed(payload.getKeyId(), bytes, eventId);
    }

    static EncryptedPayload payload(Sealed sealed) {
        return EncryptedPayload.newBuilder()
                .setKeyId(sealed.keyId())
                .setCiphertext(ByteBuffer.wrap(sealed.ciphertext()))
                .build();
    }
}
