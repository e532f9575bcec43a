package dev.esim.provider;

import java.util.Objects;

/**
 * Our prepaid balance at the provider.
 *
 * @param lowBalanceThreshold null when the provider has none
 */
public record Balance(Money available, Money lowBalanceThreshold) {
    public Balance {
        Objects.requireNonNull(available, "available");
    }

    public boolean isLow() {
        return lowBalanceThreshold != null && available.amount().compareTo(lowBalanceThreshold.amount()) < 0;
    }
}
