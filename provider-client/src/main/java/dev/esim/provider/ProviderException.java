package dev.esim.provider;

/**
 * A call to a provider failed. {@link #code()} is our canonical code (the one in docs/provider-api.md:
 * {@code validation_error}, {@code auth_error}, {@code not_found}, {@code conflict}, {@code sku_unavailable},
 * {@code insufficient_balance}, {@code rate_limited}, {@code server_error}) or a client-side one
 * ({@code timeout}, {@code network_error}, {@code circuit_open}, {@code client_rate_limited});
 * {@link #providerCode()} is what the provider itself said (e.g. eSIM Access {@code 200007}).
 */
public abstract sealed class ProviderException extends RuntimeException
        permits OutOfStockException, InsufficientBalanceException, ProviderRejectedException,
        ProviderUnavailableException, RateLimitedException {

    private static final long serialVersionUID = 1L;

    private final String provider;
    private final String code;
    private final String providerCode;
    private final int httpStatus;
    private final String requestId;

    protected ProviderException(String provider, String code, String providerCode, int httpStatus, String requestId,
                                String message, Throwable cause) {
        super(provider + " " + code
                + (providerCode != null && !providerCode.equals(code) ? " (" + providerCode + ")" : "")
                + (httpStatus > 0 ? " http " + httpStatus : "") + (requestId != null ? " request " + requestId : "")
                + (message != null ? ": " + message : ""), cause);
        this.provider = provider;
        this.code = code;
        this.providerCode = providerCode != null ? providerCode : code;
        this.httpStatus = httpStatus;
        this.requestId = requestId;
    }

    /** Whether trying the same call again later can succeed; business refusals answer false. */
    public abstract boolean retryable();

    public String provider() {
        return provider;
    }

    public String code() {
        return code;
    }

    public String providerCode() {
        return providerCode;
    }

    /** The HTTP status, or 0 when there was no HTTP answer (timeout, connection refused, open circuit). */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * The provider's request id ({@code X-Request-Id}) or, for eSIM Access, the {@code RT-RequestID} we sent;
     * may be null.
     */
    public String requestId() {
        return requestId;
    }
}
