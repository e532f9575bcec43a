package dev.esim.ingress.event;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/** An amount in the currency's minor unit (cents), as gateways count it; currency ISO 4217 upper case. */
public record Money(long amountMinor, String currency) {

    private static final Pattern ISO_4217 = Pattern.compile("[A-Za-z]{3}");

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (amountMinor < 0) {
            throw new IllegalArgumentException("amount must not be negative");
        }
        if (!ISO_4217.matcher(currency).matches()) {
            throw new IllegalArgumentException("currency must be a 3-letter ISO 4217 code");
        }
        currency = currency.toUpperCase(Locale.ROOT);
    }
}
