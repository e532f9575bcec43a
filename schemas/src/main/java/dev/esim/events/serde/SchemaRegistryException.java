package dev.esim.events.serde;

import java.io.IOException;

/** The registry answered with an error body ({@code {"error_code":…,"message":…}}). */
public class SchemaRegistryException extends IOException {

    private final int status;
    private final int errorCode;

    public SchemaRegistryException(int status, int errorCode, String message) {
        super("schema registry answered " + status + " (error_code " + errorCode + "): " + message);
        this.status = status;
        this.errorCode = errorCode;
    }

    public int status() {
        return status;
    }

    public int errorCode() {
        return errorCode;
    }
}
