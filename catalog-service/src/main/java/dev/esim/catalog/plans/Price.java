package dev.esim.catalog.plans;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.Objects;

/**
 * An amount in a currency's minor unit (cents for USD, yen for JPY), as Stripe and our events count it; shown to
 * clients as a decimal ({@code 14.99}).
 */
public record Price(long amountMinor, String currency) {

    public Price {
        Objects.requireNonNull(currency, "currency");
        currency = currency.toUpperCase(Locale.ROOT);
        if (amountMinor < 0) {
            throw new IllegalArgumentException("negative price");
        }
    }

    public static Price ofDecimal(BigDecimal amount, String currency) {
        int digits = minorDigits(currency);
        return new Price(amount.setScale(digits, java.math.RoundingMode.UNNECESSARY).movePointRight(digits)
                .longValueExact(), currency);
    }

    public BigDecimal decimal() {
        return BigDecimal.valueOf(amountMinor, minorDigits(currency));
    }

    public Price times(int quantity) {
        return new Price(Math.multiplyExact(amountMinor, quantity), currency);
    }

    public Price plus(Price other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot add " + other.currency + " to " + currency);
        }
        return new Price(Math.addExact(amountMinor, other.amountMinor), currency);
    }

    static int minorDigits(String currency) {
        int digits = Currency.getInstance(currency.toUpperCase(Locale.ROOT)).getDefaultFractionDigits();
        return Math.max(digits, 0);
    }
}
