package dev.esim.provider;

import java.util.Comparator;

/**
 * When is a plan at another provider a fair substitute for the one the traveller paid for? Same countries (not a
 * superset: a regional plan may carry other networks and APNs, and the traveller bought a country), at least the
 * data and at least the validity, and currently available.
 */
public final class EquivalentPlans {

    private EquivalentPlans() {
    }

    public static boolean isEquivalent(ProviderPlan original, ProviderPlan candidate) {
        return candidate.available()
                && candidate.coverage().equals(original.coverage())
                && candidate.dataAllowanceMb() >= original.dataAllowanceMb()
                && candidate.validityDays() >= original.validityDays();
    }

    /**
     * Prefers the closest match: least surplus data, then least surplus validity, then lowest net price (compared
     * only within one currency; across currencies the order is by currency code, i.e. arbitrary but stable).
     */
    public static Comparator<ProviderPlan> closestFirst() {
        return Comparator.comparingLong(ProviderPlan::dataAllowanceMb)
                .thenComparingInt(ProviderPlan::validityDays)
                .thenComparing(p -> p.netPrice().currency())
                .thenComparing(p -> p.netPrice().amount())
                .thenComparing(ProviderPlan::provider)
                .thenComparing(ProviderPlan::sku);
    }
}
