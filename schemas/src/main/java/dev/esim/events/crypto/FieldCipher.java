package dev.esim.events.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.hybrid.HybridConfig;
import dev.esim.events.avro.EncryptedPayload;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * Field-level encryption for what must never be plaintext on a topic: activation codes / LPA strings and customer
 * e-mail addresses. The associated data (context info) is the id of the event carrying the field, so a ciphertext
 * copied into another event does not decrypt. Tink prefixes each ciphertext with its key id, so a keyset with a new
 * primary key still decrypts what older keys wrote (rotation without downtime).
 *
 * <p>The platform's keysets are <b>hybrid</b> (HPKE: X25519, HKDF-SHA256, AES-256-GCM): a service that only writes a
 * field holds the <i>public</i> keyset and can encrypt but never decrypt, so a compromised producer (the
 * internet-facing payment-ingress) reads nothing off the topics. Only services that need the plaintext hold the
 * private keyset. A symmetric (AEAD) keyset is still accepted, for data a service keeps to itself.
 */
public final class FieldCipher {

    static {
        try {
            AeadConfig.register();
            HybridConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String keyId;
    private final Encrypter encrypter;
    /** Null for an encrypt-only cipher. */
    private final Decrypter decrypter;
    /** Whether the encrypter needs only a public key (hybrid), so that {@link #encryptOnly()} can drop the rest. */
    private final boolean publicEncrypter;

    private FieldCipher(String keyId, Encrypter encrypter, Decrypter decrypter, boolean publicEncrypter) {
        this.keyId = keyId;
        this.encrypter = encrypter;
        this.decrypter = decrypter;
        this.publicEncrypter = publicEncrypter;
    }

    /**
     * @param keyId       names the keyset on the wire (e.g. {@code activation/sandbox}), so a reader can tell which
     *                    environment's key it needs
     * @param keysetJson  a Tink keyset in Tink's JSON format (from a secret store; the sandbox ones ship in this jar):
     *                    a hybrid private keyset (encrypt and decrypt), a hybrid public keyset (encrypt only) or an
     *                    AEAD keyset (both, symmetric)
     */
    public static FieldCipher fromJsonKeyset(String keyId, String keysetJson) {
        return fromJsonKeyset(keyId, keysetJson, null);
    }

    /**
     * As {@link #fromJsonKeyset(String, String)}, for a keyset that may be wrapped: Tink's encrypted keyset JSON
     * ({@code encryptedKeyset}, as {@code tinkey create-keyset --master-key-uri} writes it), whose key-encryption key
     * stays in a KMS (envelope encryption: a leaked secret is worthless without the KMS's permission).
     *
     * @param keysetEncryption the KMS key that wrapped it ({@link AwsKms}); null when no KMS is configured
     */
    public static FieldCipher fromJsonKeyset(String keyId, String keysetJson, Aead keysetEncryption) {
        KeysetHandle handle = isWrapped(keysetJson) ? unwrap(keyId, keysetJson, keysetEncryption) : parse(keyId,
                keysetJson);
        try {
            HybridDecrypt decrypt = handle.getPrimitive(RegistryConfiguration.get(), HybridDecrypt.class);
            return new FieldCipher(keyId, hybrid(handle.getPublicKeysetHandle()), decrypt::decrypt, true);
        } catch (GeneralSecurityException notPrivate) {
            // not a private hybrid keyset: try the others
        }
        try {
            return new FieldCipher(keyId, hybrid(handle), null, true);
        } catch (GeneralSecurityException notPublic) {
            // not a public hybrid keyset either
        }
        try {
            Aead aead = handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
            return new FieldCipher(keyId, aead::encrypt, aead::decrypt, false);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not a usable Tink hybrid or AEAD keyset for " + keyId);
        }
    }

    /** Whether the JSON is Tink's encrypted keyset format, whose key material is wrapped by a KMS key. */
    static boolean isWrapped(String keysetJson) {
        return keysetJson != null && keysetJson.contains("\"encryptedKeyset\"");
    }

    private static KeysetHandle parse(String keyId, String keysetJson) {
        try {
            return TinkJsonProtoKeysetFormat.parseKeyset(keysetJson, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not a Tink keyset in JSON for " + keyId);
        }
    }

    private static KeysetHandle unwrap(String keyId, String keysetJson, Aead keysetEncryption) {
        if (keysetEncryption == null) {
            throw new IllegalArgumentException("The " + keyId + " keyset is wrapped by a KMS key: configure that key "
                    + "(esim.crypto.kms-key-uri)");
        }
        try {
            return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(keysetJson, keysetEncryption, new byte[0]);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("The KMS key configured did not unwrap the " + keyId + " keyset: "
                    + e.getMessage());
        }
    }

    private static Encrypter hybrid(KeysetHandle publicHandle) throws GeneralSecurityException {
        HybridEncrypt encrypt = publicHandle.getPrimitive(RegistryConfiguration.get(), HybridEncrypt.class);
        return encrypt::encrypt;
    }

    public String keyId() {
        return keyId;
    }

    /** Whether this cipher holds a private (or symmetric) key, i.e. can read what it protects. */
    public boolean canDecrypt() {
        return decrypter != null;
    }

    /**
     * This cipher with only what encrypting needs: the public half of a private hybrid keyset. Fails for a symmetric
     * keyset, which has no public half.
     */
    public FieldCipher encryptOnly() {
        if (decrypter == null) {
            return this;
        }
        if (!publicEncrypter) {
            throw new IllegalStateException(keyId + " is a symmetric keyset: it cannot be reduced to encrypt-only");
        }
        return new FieldCipher(keyId, encrypter, null, true);
    }

    public EncryptedPayload encrypt(String plaintext, String eventId) {
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] ciphertext = encryptBytes(plaintext.getBytes(StandardCharsets.UTF_8), eventId);
        return EncryptedPayload.newBuilder().setKeyId(keyId).setCiphertext(ByteBuffer.wrap(ciphertext)).build();
    }

    public byte[] encryptBytes(byte[] plaintext, String eventId) {
        try {
            return encrypter.encrypt(plaintext, associatedData(eventId));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encryption failed", e);
        }
    }

    /** Decrypts a field of the event {@code eventId}; fails if it was written for another event or another key. */
    public String decrypt(EncryptedPayload payload, String eventId) {
        if (decrypter == null) {
            throw new IllegalStateException("This service holds only the public " + keyId
                    + " keyset: it can write such fields, never read them");
        }
        if (!keyId.equals(payload.getKeyId())) {
            throw new FieldDecryptionException("Field was encrypted with keyset " + payload.getKeyId()
                    + ", this service holds " + keyId);
        }
        ByteBuffer buffer = payload.getCiphertext().duplicate();
        byte[] ciphertext = new byte[buffer.remaining()];
        buffer.get(ciphertext);
        try {
            return new String(decrypter.decrypt(ciphertext, associatedData(eventId)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new FieldDecryptionException("Field does not decrypt for event " + eventId, e);
        }
    }

    private static byte[] associatedData(String eventId) {
        return Objects.requireNonNull(eventId, "eventId").getBytes(StandardCharsets.UTF_8);
    }

    @FunctionalInterface
    private interface Encrypter {
        byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException;
    }

    @FunctionalInterface
    private interface Decrypter {
        byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException;
    }
}
