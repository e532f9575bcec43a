package dev.esim.catalog.plans;

import dev.esim.provider.ProviderPlan;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A provider's plan → the plan we sell (retail price, region). Spring-free. */
final class PlanMapper {

    /** Every provider we integrate delivers the profile as an LPA string / QR code. */
    static final String ACTIVATION_METHOD = "lpa";

    private final Pricing pricing;
    private final Map<String, String> regionsBySkuPrefix;

    PlanMapper(Pricing pricing, Map<String, String> regionsBySkuPrefix) {
        this.pricing = pricing;
        this.regionsBySkuPrefix = Map.copyOf(regionsBySkuPrefix);
    }

    Plan toPlan(ProviderPlan p, int version, Instant now) {
        List<String> coverage = p.coverage().stream().map(c -> c.toUpperCase(Locale.ROOT)).sorted().toList();
        return new Plan(p.sku(), p.name(), region(p.sku(), coverage), coverage, p.dataAllowanceMb(),
                p.validityDays(), pricing.retail(p.netPrice().amount(), p.netPrice().currency()), ACTIVATION_METHOD,
                p.available(), p.provider(), version, now, p.esimType(), p.termsUrl());
    }

    /**
     * The provider API names a region but provider-client's {@code ProviderPlan} does not carry it, so: a
     * configured SKU prefix ({@code EU-…} → {@code western-europe}) wins; a one-country plan's region is the
     * country (as in seed 001); anything else is {@code multi-country}.
     */
    String region(String sku, List<String> coverage) {
        int dash = sku.indexOf('-');
        String prefix = (dash > 0 ? sku.substring(0, dash) : sku).toUpperCase(Locale.ROOT);
        String configured = regionsBySkuPrefix.get(prefix);
        if (configured != null) {
            return configured;
        }
        return coverage.size() == 1 ? coverage.get(0) : "multi-country";
    }
}
