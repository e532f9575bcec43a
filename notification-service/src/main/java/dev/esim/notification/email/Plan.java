package dev.esim.notification.email;

import java.util.List;

/**
 * What the traveller bought, as the catalogue described it.
 *
 * @param termsUrl the provider's page for the plan (terms, FAQ), linked from the activation e-mail; null when the
 *                 catalogue names none
 */
public record Plan(String sku, String name, List<String> coverage, long dataAllowanceMb, int validityDays,
        String termsUrl) {

    public Plan {
        coverage = coverage == null ? List.of() : List.copyOf(coverage);
    }

    /** A plan without a page of its own. */
    public Plan(String sku, String name, List<String> coverage, long dataAllowanceMb, int validityDays) {
        this(sku, name, coverage, dataAllowanceMb, validityDays, null);
    }
}
