package dev.esim.provider;

/**
 * A technical fault: 5xx, timeout, connection failure, or the circuit breaker is open. Retryable; when a
 * provisioning call ends like this its outcome is unknown, so ask {@link EsimProvider#findOrderByReference(String)}
 * or simply retry with the same idempotency key.
 */
public final class ProviderUnavailableException extends ProviderException {
    private static final long serialVersionUID = 1L;

    public ProviderUnavailableException(String provider, String code, String providerCode, int httpStatus,
                                        String requestId, String message, Throwable cause) {
        super(provider, code, providerCode, httpStatus, requestId, message, cause);
    }

    public ProviderUnavailableException(String provider, String code, String message, Throwable cause) {
        this(provider, code, null, 0, null, message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
