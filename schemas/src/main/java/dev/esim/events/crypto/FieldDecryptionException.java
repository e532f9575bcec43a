package dev.esim.events.crypto;

/** A field could not be decrypted: wrong key, wrong event, or tampered bytes. Retrying does not help. */
public class FieldDecryptionException extends RuntimeException {

    public FieldDecryptionException(String message) {
        super(message);
    }

    public FieldDecryptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
