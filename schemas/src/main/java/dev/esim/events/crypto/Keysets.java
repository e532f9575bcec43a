package dev.esim.events.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The two keysets of the platform. In sandbox mode the fixed, published sandbox keysets shipped in this jar are used;
 * they protect nothing and must never be used live — services refuse to start in live mode without their own keysets.
 */
public final class Keysets {

    /** Protects customer e-mail addresses and gateway payloads. */
    public static final String PII = "pii";
    /** Protects activation codes / LPA strings and provider callbacks. */
    public static final String ACTIVATION = "activation";

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
     * A cipher for {@code keyset} in {@code environment}: the given keyset JSON if there is one, else (sandbox only)
     * the shipped sandbox keyset.
     */
    public static FieldCipher forEnvironment(String keyset, String environment, String keysetJson) {
        if (keysetJson != null && !keysetJson.isBlank()) {
            return FieldCipher.fromJsonKeyset(keyId(keyset, environment), keysetJson);
        }
        if (!"sandbox".equals(environment)) {
            throw new IllegalStateException("Environment " + environment + " needs its own " + keyset
                    + " keyset; the shipped sandbox keyset is refused outside sandbox");
        }
        return sandbox(keyset);
    }
}
