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
 * @param esimType         what the line carries: {@code data} (data only), or whatever else the provider names
 * @param termsUrl         the provider's page for the plan (terms, FAQ); null when it names none
 */
public record ProviderPlan(String provider, String sku, String name, Set<String> coverage, long dataAllowanceMb,
                           int validityDays, Money netPrice, boolean available, String esimType, String termsUrl) {
    public ProviderPlan {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(sku, "sku");
        coverage = Set.copyOf(coverage);
        esimType = esimType == null || esimType.isBlank() ? DATA : esimType;
    }

    /** The type of a data-only line, the only kind most travel plans are. */
    public static final String DATA = "data";

    /** A data-only plan whose provider names no page for it. */
    public ProviderPlan(String provider, String sku, String name, Set<String> coverage, long dataAllowanceMb,
                        int validityDays, Money netPrice, boolean available) {
        this(provider, sku, name, coverage, dataAllowanceMb, validityDays, netPrice, available, DATA, null);
    }
}
