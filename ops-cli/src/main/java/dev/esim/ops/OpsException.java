package dev.esim.ops;

/** A failure the operator can act on: printed as one line (no stack trace) with a distinct exit code. */
final class OpsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Kafka or the registry failed, or the data was not what we expected. */
    static final int FAILED = 1;
    /** The tool refused to act because acting would be unsafe (e.g. a consumer group is running). */
    static final int REFUSED = 3;

    private final int exitCode;

    OpsException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    OpsException(String message, Throwable cause) {
        super(message, cause);
        this.exitCode = FAILED;
    }

    static OpsException refused(String message) {
        return new OpsException(REFUSED, message);
    }

    static OpsException failed(String message) {
        return new OpsException(FAILED, message);
    }

    int exitCode() {
        return exitCode;
    }
}
