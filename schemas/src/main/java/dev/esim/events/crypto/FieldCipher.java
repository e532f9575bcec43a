package dev.esim.events.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import dev.esim.events.avro.EncryptedPayload;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * Field-level envelope encryption for what must never be plaintext on a topic: activation codes / LPA strings and
 * customer e-mail addresses. Google Tink AEAD; the associated data is the id of the event carrying the field, so a
 * ciphertext copied into another event does not decrypt. Tink prefixes each ciphertext with its key id, so a keyset
 * with a new primary key still decrypts what older keys wrote (rotation without downtime).
 */
public final class FieldCipher {

    static {
        try {
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String keyId;
    private final Aead aead;

    private FieldCipher(String keyId, Aead aead) {
        this.keyId = keyId;
        this.aead = aead;
    }

    /**
     * @param keyId       names the keyset on the wire (e.g. {@code activation/sandbox}), so a reader can tell which
     *                    environment's key it needs
     * @param keysetJson  a Tink keyset in Tink's JSON format (from a secret store; the sandbox ones ship in this jar)
     */
    public static FieldCipher fromJsonKeyset(String keyId, String keysetJson) {
        try {
            KeysetHandle handle = TinkJsonProtoKeysetFormat.parseKeyset(keysetJson, InsecureSecretKeyAccess.get());
            return new FieldCipher(keyId, handle.getPrimitive(RegistryConfiguration.get(), Aead.class));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not a usable Tink AEAD keyset for " + keyId, e);
        }
    }

    public String keyId() {
        return keyId;
    }

    public EncryptedPayload encrypt(String plaintext, String eventId) {
        Objects.requireNonNull(plaintext, "plaintext");
        try {
            byte[] ciphertext = aead.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), associatedData(eventId));
            return EncryptedPayload.newBuilder().setKeyId(keyId).setCiphertext(ByteBuffer.wrap(ciphertext)).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encryption failed", e);
        }
    }

    public byte[] encryptBytes(byte[] plaintext, String eventId) {
        try {
            return aead.encrypt(plaintext, associatedData(eventId));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encryption failed", e);
        }
    }

    /** Decrypts a field of the event {@code eventId}; fails if it was written for another event or another key. */
    public String decrypt(EncryptedPayload payload, String eventId) {
        if (!keyId.equals(payload.getKeyId())) {
            throw new FieldDecryptionException("Field was encrypted with keyset " + payload.getKeyId()
                    + ", this service holds " + keyId);
        }
        ByteBuffer buffer = payload.getCiphertext().duplicate();
        byte[] ciphertext = new byte[buffer.remaining()];
        buffer.get(ciphertext);
        try {
            return new String(aead.decrypt(ciphertext, associatedData(eventId)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new FieldDecryptionException("Field does not decrypt for event " + eventId, e);
        }
    }

    private static byte[] associatedData(String eventId) {
        return Objects.requireNonNull(eventId, "eventId").getBytes(StandardCharsets.UTF_8);
    }
}
