package dev.esim.catalog.orders;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keyed hash an order is found by its traveller's e-mail address with, so the address itself is never stored:
 * HMAC-SHA256 of the normalised address (trimmed, lower-cased) under {@code esim.catalog.support.email-lookup-key},
 * as 64 lower-case hex digits. Without the key nobody can test a guessed address against the column. Spring-free.
 */
public final class EmailHashes {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public EmailHashes(String key) {
        if (key == null || key.length() < 16) {
            throw new IllegalArgumentException("the e-mail lookup key must be at least 16 characters");
        }
        this.key = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** The address as it is hashed: trimmed and lower-cased, so {@code " Ana@Example.com"} finds the same order. */
    public static String normalise(String address) {
        return address.strip().toLowerCase(Locale.ROOT);
    }

    /** The hash of this address (after {@link #normalise}). */
    public String of(String address) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(normalise(address).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }

    @Override
    public String toString() {
        return "EmailHashes[key=<redacted>]";
    }
}
