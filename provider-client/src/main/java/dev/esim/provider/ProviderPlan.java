package dev.esim.provider;

import java.util.Objects;
import java.util.Set;

/**
 * A data plan as sold by one provider.
 *
 * @param provider         the provider's {@link EsimProvider#name()}
 * @param sku              the provider's identifier for the plan (Simology SKU, eSIM Access packageCode)
 * @param coverage         ISO alpha-2 country codes where the plan works
 * @param dataAllowanceMb  data included, in MiB
 * @param netPrice         what the provider charges us (retail margin is added by catalog-service)
 */
public record ProviderPlan(String provider, String sku, String name, Set<String> coverage, long dataAllowanceMb,
                           int validityDays, Money netPrice, boolean available) {
    public ProviderPlan {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(sku, "sku");
        coverage = Set.copyOf(coverage);
    }
}
