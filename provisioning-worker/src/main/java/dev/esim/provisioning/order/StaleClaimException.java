package dev.esim.provisioning.order;

/**
 * A claim changed between read and write (another thread or instance acted on it). Technical, hence retried: the
 * input is handled again from a fresh read, and decides again on what is stored now.
 */
final class StaleClaimException extends RuntimeException {

    public StaleClaimException(String reference, int version) {
        super("claim " + reference + " is no longer at version " + version);
    }
}
