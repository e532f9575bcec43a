package dev.esim.notification.secret;

import com.google.crypto.tink.Aead;
import dev.esim.events.crypto.FieldCipher;
import dev.esim.events.crypto.FieldDecryptionException;
import dev.esim.events.crypto.Keysets;
import java.util.Map;

/** {@link Unsealer} over the platform's Tink ciphers, picked by the key id each value was sealed with. */
final class CipherUnsealer implements Unsealer {

    private final Map<String, FieldCipher> ciphers;

    CipherUnsealer(FieldCipher... ciphers) {
        this.ciphers = java.util.Arrays.stream(ciphers)
                .collect(java.util.stream.Collectors.toUnmodifiableMap(FieldCipher::keyId, c -> c));
    }

    /**
     * The PII and activation keysets of {@code environment}; an empty keyset means the shipped sandbox one, which
     * {@code live} refuses.
     */
    static CipherUnsealer forEnvironment(String environment, String piiKeyset, String activationKeyset) {
        return forEnvironment(environment, piiKeyset, activationKeyset, null, null);
    }

    /**
     * As {@link #forEnvironment(String, String, String)}, with keysets that may be wrapped by a KMS key.
     *
     * @param kmsKeyUri   the KMS key that wraps them ({@code aws-kms://<key ARN>}); blank = they are plain JSON
     * @param kmsEndpoint another KMS endpoint than AWS's; blank = AWS's
     */
    static CipherUnsealer forEnvironment(String environment, String piiKeyset, String activationKeyset,
                                         String kmsKeyUri, String kmsEndpoint) {
        Aead keysetEncryption = Keysets.kmsKey(kmsKeyUri, kmsEndpoint);
        return new CipherUnsealer(
                Keysets.forEnvironment(Keysets.PII, environment, piiKeyset, keysetEncryption),
                Keysets.forEnvironment(Keysets.ACTIVATION, environment, activationKeyset, keysetEncryption));
    }

    @Override
    public String open(Sealed sealed) {
        FieldCipher cipher = ciphers.get(sealed.keyId());
        if (cipher == null) {
            throw new UnsealException("No keyset " + sealed.keyId() + " here (holding " + ciphers.keySet() + ")", null);
        }
        try {
            return cipher.decrypt(CipherPayloads.payload(sealed), sealed.associatedData());
        } catch (FieldDecryptionException ex) {
            throw new UnsealException("Value for event " + sealed.associatedData() + " does not decrypt", ex);
        }
    }
}
