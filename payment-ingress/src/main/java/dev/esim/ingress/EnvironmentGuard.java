package dev.esim.ingress;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Refuses to start when sandbox and live secrets are mixed. Secrets that announce their mode ({@code sk_live_…},
 * {@code …_live_…} vs {@code sk_test_…}, {@code …sandbox…}) are checked against {@code esim.environment}. Stripe's
 * {@code whsec_…} endpoint secrets do not say which mode they belong to; for them the per-event {@code livemode}
 * check is the guard (a test event at the live endpoint is refused with 400).
 */
final class EnvironmentGuard {

    private EnvironmentGuard() {
    }

    /** @param secretsByProperty secrets keyed by the property that holds them (named in the message, never printed) */
    static void check(String environment, Map<String, List<String>> secretsByProperty) {
        boolean live = "live".equals(environment);
        secretsByProperty.forEach((property, secrets) -> {
            for (String secret : secrets) {
                if (!live && looksLive(secret)) {
                    throw new IllegalStateException("esim.environment is sandbox but " + property
                            + " holds a live secret: refusing to start (sandbox and live secrets never mix)");
                }
                if (live && looksSandbox(secret)) {
                    throw new IllegalStateException("esim.environment is live but " + property
                            + " holds a sandbox/test secret: refusing to start (sandbox and live secrets never mix)");
                }
            }
        });
    }

    static boolean looksLive(String secret) {
        String s = secret.toLowerCase(Locale.ROOT);
        return s.startsWith("sk_live_") || s.startsWith("rk_live_") || s.contains("_live_");
    }

    static boolean looksSandbox(String secret) {
        String s = secret.toLowerCase(Locale.ROOT);
        return s.startsWith("sk_test_") || s.startsWith("rk_test_") || s.contains("_test_") || s.contains("sandbox");
    }
}
