package dev.esim.provisioning.order;

import dev.esim.events.avro.EncryptedPayload;
import dev.esim.events.crypto.FieldCipher;
import java.nio.ByteBuffer;

/**
 * Seals LPA strings in the claim row with the same activation keyset that protects them on topics, bound to the claim
 * (associated data {@code claim:<reference>}) so a sealed value cannot be moved to another row.
 */
final class TinkCredentialVault implements CredentialVault {

    private final FieldCipher cipher;

    TinkCredentialVault(FieldCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public byte[] seal(String plaintext, String context) {
        return cipher.encryptBytes(plaintext.getBytes(java.nio.charset.StandardCharsets.UTF_8), ad(context));
    }

    @Override
    public String open(byte[] sealed, String context) {
        EncryptedPayload payload = EncryptedPayload.newBuilder().setKeyId(cipher.keyId())
                .setCiphertext(ByteBuffer.wrap(sealed)).build();
        return cipher.decrypt(payload, ad(context));
    }

    private static String ad(String context) {
        return "claim:" + context;
    }
}
