package dev.esim.events.crypto;

import com.google.crypto.tink.Aead;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Optional;

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
        return forEnvironment(keyset, environment, keysetJson, null);
    }

    /**
     * As {@link #forEnvironment(String, String, String)}, for a keyset that may be wrapped by a KMS key.
     *
     * @param keysetEncryption the KMS key that wrapped the keyset ({@link #kmsKey}); null without a KMS
     */
    public static FieldCipher forEnvironment(String keyset, String environment, String keysetJson,
                                             Aead keysetEncryption) {
        FieldCipher cipher = given(keyset, environment, keysetJson, keysetEncryption);
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
        FieldCipher cipher = given(keyset, environment, keysetJson, null);
        if (cipher.canDecrypt() && keysetJson != null && !keysetJson.isBlank() && !SANDBOX.equals(environment)) {
            throw new IllegalStateException("This service only writes " + keyset + " fields: give it the public "
                    + keyset + " keyset; the one it was given also decrypts");
        }
        return cipher.encryptOnly();
    }

    /**
     * The KMS key that wraps this service's private keysets ({@code esim.crypto.kms-key-uri}), or null when none is
     * configured (keysets then come from the secret store in plaintext JSON).
     *
     * @param keyUri   {@code aws-kms://arn:aws:kms:<region>:<account>:key/<id>}; blank = no KMS
     * @param endpoint another KMS endpoint than AWS's (a VPC endpoint); blank = AWS's
     */
    public static Aead kmsKey(String keyUri, String endpoint) {
        if (keyUri == null || keyUri.isBlank()) {
            return null;
        }
        Optional<URI> override = endpoint == null || endpoint.isBlank() ? Optional.empty()
                : Optional.of(URI.create(endpoint));
        try {
            return AwsKms.forKey(keyUri, override).getAead(keyUri);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static FieldCipher given(String keyset, String environment, String keysetJson, Aead keysetEncryption) {
        if (keysetJson != null && !keysetJson.isBlank()) {
            return FieldCipher.fromJsonKeyset(keyId(keyset, environment), keysetJson, keysetEncryption);
        }
        if (!SANDBOX.equals(environment)) {
            throw new IllegalStateException("Environment " + environment + " needs its own " + keyset
                    + " keyset; the shipped sandbox keyset is refused outside sandbox");
        }
        return sandbox(keyset);
    }
}
