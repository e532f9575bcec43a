package dev.esim.events.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The two keysets of the platform, both hybrid (see {@link FieldCipher}): services that write a kind of field hold
 * its public keyset ({@link #encryptOnly}), services that read it the private one ({@link #forEnvironment}). In
 * sandbox mode the fixed, published sandbox keysets shipped in this jar are used; they protect nothing and must never
 * be used live — services refuse to start in live mode without their own keysets.
 */
public final class Keysets {

    /** Protects customer e-mail addresses and gateway payloads. */
    public static final String PII = "pii";
    /** Protects activation codes / LPA strings and provider callbacks. */
    public static final String ACTIVATION = "activation";

    private static final String SANDBOX = "sandbox";

    private Keysets() {
    }

    /** The key id written on the wire for a keyset in an environment, e.g. {@code activation/sandbox}. */
    public static String keyId(String keyset, String environment) {
        return keyset + "/" + environment;
    }

    /** A cipher from the sandbox keyset shipped in this jar. */
    public static FieldCipher sandbox(String keyset) {
        String resource = "/sandbox-keysets/" + keyset + ".json";
        try (InputStream in = Keysets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No sandbox keyset " + keyset);
            }
            return FieldCipher.fromJsonKeyset(keyId(keyset, "sandbox"),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A cipher that reads and writes {@code keyset}'s fields, for the services that need the plaintext: the given
     * keyset JSON (the private hybrid keyset) if there is one, else (sandbox only) the shipped sandbox keyset.
     */
    public static FieldCipher forEnvironment(String keyset, String environment, String keysetJson) {
        FieldCipher cipher = given(keyset, environment, keysetJson);
        if (!cipher.canDecrypt()) {
            throw new IllegalStateException("This service reads " + keyset + " fields: it needs the private "
                    + keyset + " keyset, not the public one");
        }
        return cipher;
    }

    /**
     * A cipher that can only write {@code keyset}'s fields, for services that never read them (payment-ingress,
     * catalog-service): given the public hybrid keyset. Outside sandbox a keyset that decrypts is refused — a producer
     * holding it could read every such field on the topics. In sandbox without a keyset: the public half of the
     * shipped one.
     */
    public static FieldCipher encryptOnly(String keyset, String environment, String keysetJson) {
        FieldCipher cipher = given(keyset, environment, keysetJson);
        if (cipher.canDecrypt() && keysetJson != null && !keysetJson.isBlank() && !SANDBOX.equals(environment)) {
            throw new IllegalStateException("This service only writes " + keyset + " fields: give it the public "
                    + keyset + " keyset; the one it was given also decrypts");
        }
        return cipher.encryptOnly();
    }

    private static FieldCipher given(String keyset, String environment, String keysetJson) {
        if (keysetJson != null && !keysetJson.isBlank()) {
            return FieldCipher.fromJsonKeyset(keyId(keyset, environment), keysetJson);
        }
        if (!SANDBOX.equals(environment)) {
            throw new IllegalStateException("Environment " + environment + " needs its own " + keyset
                    + " keyset; the shipped sandbox keyset is refused outside sandbox");
        }
        return sandbox(keyset);
    }
}
