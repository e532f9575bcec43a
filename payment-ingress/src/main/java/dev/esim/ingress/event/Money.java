package dev.esim.ingress.event;

import java.util.Locale;
import java.util.Objects;

/** An amount in the currency's minor unit (cents), as gateways count it; currency ISO 4217 upper case. */
public record Money(long amountMinor, String currency) {

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (amountMinor < 0) {
            throw new IllegalArgumentException("amount must not be negative");
        }
        if (!currency.matches("[A-Za-z]{3}")) {
            throw new IllegalArgumentException("currency must be a 3-letter ISO 4217 code");
        }
        currency = currency.toUpperCase(Locale.ROOT);
    }
}
