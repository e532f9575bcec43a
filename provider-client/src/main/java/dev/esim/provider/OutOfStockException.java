package dev.esim.provider;

/** The provider cannot issue this SKU now ({@code sku_unavailable}). Not retried: fail over to an equivalent plan. */
public final class OutOfStockException extends ProviderException {
    private static final long serialVersionUID = 1L;

    public OutOfStockException(String provider, String providerCode, int httpStatus, String requestId, String message) {
        super(provider, "sku_unavailable", providerCode, httpStatus, requestId, message, null);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
