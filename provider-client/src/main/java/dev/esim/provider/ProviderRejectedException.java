package dev.esim.provider;

/**
 * The provider refused the request for a reason retrying cannot fix: {@code validation_error} (400),
 * {@code auth_error} (401/403), {@code not_found} (404), {@code conflict} (409).
 */
public final class ProviderRejectedException extends ProviderException {
    private static final long serialVersionUID = 1L;

    public ProviderRejectedException(String provider, String code, String providerCode, int httpStatus,
                                     String requestId, String message) {
        super(provider, code, providerCode, httpStatus, requestId, message, null);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
