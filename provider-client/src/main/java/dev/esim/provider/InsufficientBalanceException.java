package dev.esim.provider;

/** Our prepaid balance at the provider is below the plan's price. Not retried: someone has to top up the account. */
public final class InsufficientBalanceException extends ProviderException {
    private static final long serialVersionUID = 1L;

    public InsufficientBalanceException(String provider, String providerCode, int httpStatus, String requestId,
                                        String message) {
        super(provider, "insufficient_balance", providerCode, httpStatus, requestId, message, null);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
