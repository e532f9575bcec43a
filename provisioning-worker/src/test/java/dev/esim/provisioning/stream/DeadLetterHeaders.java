package dev.esim.provisioning.stream;

/** The worker's dead-letter headers, for tests in other packages: the Kafka configuration is package-private. */
public final class DeadLetterHeaders {

    /** Why the record was dead-lettered, in one line. */
    public static final String REASON = KafkaConfiguration.DLT_REASON_HEADER;

    private DeadLetterHeaders() {
    }
}
