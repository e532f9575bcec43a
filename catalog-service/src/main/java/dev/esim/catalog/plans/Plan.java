package dev.esim.catalog.plans;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A plan as we sell it: the provider's plan with our retail price.
 *
 * @param region    country code for single-country plans, a slug such as {@code western-europe} for regional ones
 * @param coverage  ISO alpha-2 country codes, sorted
 * @param version   counts this SKU's changes; the id of the catalogue event announcing a state derives from it
 * @param esimType  what the line carries ({@code data} for data only), as the provider says
 * @param termsUrl  the provider's page for the plan (terms, FAQ), or null
 */
public record Plan(String sku, String name, String region, List<String> coverage, long dataAllowanceMb,
                   int validityDays, Price price, String activationMethod, boolean available, String provider,
                   int version, Instant updatedAt, String esimType, String termsUrl) {

    public Plan {
        Objects.requireNonNull(sku, "sku");
        coverage = coverage.stream().sorted().toList();
    }

    /** Same plan as sold, ignoring bookkeeping (version, timestamp). */
    boolean sameOffer(Plan other) {
        return sku.equals(other.sku) && name.equals(other.name) && region.equals(other.region)
                && coverage.equals(other.coverage) && dataAllowanceMb == other.dataAllowanceMb
                && validityDays == other.validityDays && price.equals(other.price)
                && activationMethod.equals(other.activationMethod) && available == other.available
                && provider.equals(other.provider) && Objects.equals(esimType, other.esimType)
                && Objects.equals(termsUrl, other.termsUrl);
    }
}
