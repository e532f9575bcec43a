package dev.esim.sandbox.gateway;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.security.SecureRandom;

/** Stripe's wire habits: pretty-printed JSON with explicit nulls, and random base62 object ids. */
final class StripeJson {

    // Stripe pretty-prints with two spaces and "key": value, keeps nulls, and does not escape '=' or '&' in URLs.
    private static final Gson GSON = new GsonBuilder()
            .setPrettyPrinting()
            .serializeNulls()
            .disableHtmlEscaping()
            .create();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private StripeJson() {
    }

    static String write(Object value) {
        return GSON.toJson(value);
    }

    /** An id shaped like Stripe's: prefix then 24 base62 characters ({@code evt_1RlHe3R7UUImIKwkQOxX4eYe}). */
    static String id(String prefix) {
        return prefix + random(24);
    }

    /** Checkout Session ids are longer: {@code cs_test_a1…} with 58 characters after the prefix. */
    static String checkoutSessionId() {
        return "cs_test_a1" + random(56);
    }

    /** Base62 characters derived from {@code seed}: the same seed gives the same string, so rebuilt objects match. */
    static String derived(String seed, int length) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(seed.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                sb.append(BASE62.charAt((digest[i % digest.length] & 0xff) % BASE62.length()));
            }
            return sb.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String random(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
        }
        return sb.toString();
    }
}
