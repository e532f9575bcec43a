package dev.esim.notification.secret;

import java.util.Arrays;
import java.util.Objects;

/**
 * A value as it travels and rests: encrypted with a platform keyset ({@code keyId}, e.g. {@code pii/sandbox}) and
 * bound to the id of the event that carried it ({@code associatedData}). We store these, never the plaintext.
 */
public record Sealed(String keyId, byte[] ciphertext, String associatedData) {

    public Sealed {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(ciphertext, "ciphertext");
        Objects.requireNonNull(associatedData, "associatedData");
        ciphertext = ciphertext.clone();
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Sealed that && keyId.equals(that.keyId) && Arrays.equals(ciphertext, that.ciphertext)
                && associatedData.equals(that.associatedData);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyId, Arrays.hashCode(ciphertext), associatedData);
    }

    @Override
    public String toString() {
        return "Sealed[" + keyId + ", " + ciphertext.length + " bytes, for " + associatedData + "]";
    }
}
