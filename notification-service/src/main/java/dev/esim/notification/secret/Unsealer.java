package dev.esim.notification.secret;

/**
 * Decrypts a {@link Sealed} value. This service is the one holding both the PII and the activation keysets; the
 * plaintext lives only in memory, for as long as it takes to render and send one e-mail.
 */
@FunctionalInterface
public interface Unsealer {

    /**
     * @throws UnsealException if the value does not decrypt (wrong key, other event, tampered): retrying cannot help
     */
    String open(Sealed sealed);

    class UnsealException extends RuntimeException {

        public UnsealException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
