package dev.esim.provisioning.order;

import java.util.List;
import java.util.Objects;

/** The plan the traveller paid for (or, after a failover, the equivalent plan we provisioned instead). */
public record PlanSpec(String sku, String planName, List<String> coverage, long dataAllowanceMb, int validityDays) {
    public PlanSpec {
        Objects.requireNonNull(sku, "sku");
        planName = planName != null ? planName : sku;
        coverage = coverage != null ? List.copyOf(coverage) : List.of();
    }
}
