package dev.esim.provisioning.order;

/**
 * A named step of the provisioning path where a test can make the worker die. Production wires {@link #NONE}; the
 * crash tests wire one that halts the thread at a chosen step and then close the Spring context under it.
 */
@FunctionalInterface
public interface CrashPoint {

    /** The claim row is committed, the provider has not been called yet. */
    String AFTER_CLAIM = "after-claim";
    /** The provider has answered, the claim row does not know it yet. */
    String AFTER_PROVIDER_CALL = "after-provider-call";
    /** The claim row is final, the Kafka transaction with the outcome event is not committed yet. */
    String AFTER_CLAIM_UPDATE = "after-claim-update";
    /** The outcome event is sent inside the transaction, which is not committed yet. */
    String BEFORE_KAFKA_COMMIT = "before-kafka-commit";

    CrashPoint NONE = step -> { };

    void reached(String step);
}
