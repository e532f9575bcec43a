package dev.esim.provider;

import java.time.Duration;
import java.util.Objects;

/**
 * Too many requests: the provider answered 429 ({@code rate_limited}), or our own client-side limiter had no permit
 * in time ({@code client_rate_limited}). Wait {@link #retryAfter()} (exactly what the provider asked), then retry.
 */
public final class RateLimitedException extends ProviderException {
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public RateLimitedException(String provider, String code, int httpStatus, String requestId, Duration retryAfter,
                                String message) {
        super(provider, code, null, httpStatus, requestId, message, null);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
