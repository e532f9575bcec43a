package dev.esim.notification.email;

import java.util.List;

/** What the traveller bought, as the catalogue described it. */
public record Plan(String sku, String name, List<String> coverage, long dataAllowanceMb, int validityDays) {

    public Plan {
        coverage = coverage == null ? List.of() : List.copyOf(coverage);
    }
}
