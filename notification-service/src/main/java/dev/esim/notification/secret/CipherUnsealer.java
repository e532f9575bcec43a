package dev.esim.notification.messaging;

import java.nio.ByteBuffer;
import java.util.Map;

import dev.esim.events.avro.EncryptedPayload;
import dev.esim.events.crypto.FieldCipher;
import dev.esim.events.crypto.FieldDecryptionException;
import dev.esim.notification.secret.Sealed;
import dev.esim.notification.secret.Unsealer;

/** {@link Unsealer} over the platform's Tink ciphers, picked by the key id each value was sealed with. */
final class CipherUnsealer implements Unsealer {

    private final Map<String, FieldCipher> ciphers;

    CipherUnsealer(FieldCipher... ciphers) {
        this.ciphers = java.util.Arrays.stream(ciphers)
                .collect(java.util.stream.Collectors.toUnmodifiableMap(FieldCipher::keyId, c -> c));
    }

    @Override
    public String open(Sealed sealed) {
        FieldCipher cipher = ciphers.get(sealed.keyId());
        if (cipher == null) {
            throw new UnsealException("No keyset " + sealed.keyId() + " here (holding " + ciphers.keySet() + ")", null);
        }
        try {
            return cipher.decrypt(payload(sealed), sealed.associatedData());
        } catch (FieldDecryptionException ex) {
            throw new UnsealException("Value for event " + sealed.associatedData() + " does not decrypt", ex);
        }
    }

    static EncryptedPayload payload(Sealed sealed) {
        return EncryptedPayload.newBuilder()
                .setKeyId(sealed.keyId())
                .setCiphertext(ByteBuffer.wrap(sealed.ciphertext()))
                .build();
    }

    static Sealed sealed(EncryptedPayload payload, String eventId) {
        ByteBuffer buffer = payload.getCiphertext().duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return new Sealed(payload.getKeyId(), bytes, eventId);
    }
}
