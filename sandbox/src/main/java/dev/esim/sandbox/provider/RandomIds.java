package dev.esim.sandbox.provider;

import java.security.SecureRandom;
import java.util.Locale;

/** The provider's random identifiers: order, top-up, event and request ids, and the activation codes of profiles. */
final class RandomIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHANUMERIC = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789abcdefghijkmnopqrstuvwxyz";

    private RandomIds() {
    }

    static String randomId(int length) {
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return id.toString();
    }

    /** {@code ACT-XXXX-XXXX-XXXX}, the code an LPA string carries after the SM-DP+ host. */
    static String activationCode() {
        return "ACT-" + randomUpper(4) + "-" + randomUpper(4) + "-" + randomUpper(4);
    }

    private static String randomUpper(int length) {
        return randomId(length).toUpperCase(Locale.ROOT);
    }
}
