package dev.esim.provisioning.order;

import dev.esim.events.avro.EncryptedPayload;
import dev.esim.events.crypto.FieldCipher;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Seals LPA strings in the claim row with the same activation keyset that protects them on topics, bound to the claim
 * (associated data {@code claim:<reference>}) so a sealed value cannot be moved to another row.
 *
 * <p>A line just issued is sealed and, in the same handling, opened again to build its {@code ActivationReady}. Each
 * is a hybrid-encryption operation (two X25519 multiplications to seal, one to open: a third of the worker's CPU per
 * order went to them), so the thread that sealed a value remembers it, and opening that very ciphertext (the same
 * array, the same claim) next on that thread returns it without decrypting. The memory is cleared by that open, or
 * replaced by the thread's next seal; any other open decrypts.
 */
final class TinkCredentialVault implements CredentialVault {

    private final FieldCipher cipher;
    private final ThreadLocal<Sealed> lastSealed = new ThreadLocal<>();

    TinkCredentialVault(FieldCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public byte[] seal(String plaintext, String context) {
        byte[] sealed = cipher.encryptBytes(plaintext.getBytes(StandardCharsets.UTF_8), ad(context));
        lastSealed.set(new Sealed(sealed, context, plaintext));
        return sealed;
    }

    @Override
    public String open(byte[] sealed, String context) {
        Sealed last = lastSealed.get();
        if (last != null && last.ciphertext == sealed && last.context.equals(context)) {
            lastSealed.remove();
            return last.plaintext;
        }
        EncryptedPayload payload = EncryptedPayload.newBuilder().setKeyId(cipher.keyId())
                .setCiphertext(ByteBuffer.wrap(sealed)).build();
        return cipher.decrypt(payload, ad(context));
    }

    private static String ad(String context) {
        return "claim:" + context;
    }

    /** The last value this thread sealed: its ciphertext (compared by identity), claim and plaintext. */
    private record Sealed(byte[] ciphertext, String context, String plaintext) {
    }
}
