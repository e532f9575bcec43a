package dev.esim.provisioning.order;

/**
 * Seals activation credentials (LPA strings) at rest in the claim row, so that a crash between the provider call and
 * the Kafka commit can re-publish them without asking the provider again, and the database never holds them in clear.
 */
interface CredentialVault {

    /** @param context binds the ciphertext to its row (associated data), e.g. the claim reference */
    byte[] seal(String plaintext, String context);

    String open(byte[] sealed, String context);
}
