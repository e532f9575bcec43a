package dev.esim.catalog.plans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esim.provider.Money;
import dev.esim.provider.ProviderPlan;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlanMapperTest {

    private final PlanMapper mapper = new PlanMapper(new Pricing(Map.of("default",
            new Pricing.Rule(new BigDecimal("35"), new BigDecimal("1.00"), new BigDecimal("0.01")))),
            Map.of("EU", "western-europe"));

    @Test
    void aSingleCountryPlansRegionIsItsCountry() {
        Plan plan = mapper.toPlan(new ProviderPlan("simology", "US-5GB-30D", "United States 5 GB / 30 days",
                Set.of("us"), 5120, 30, Money.of("9.50", "USD"), true), 1, Instant.EPOCH);

        assertThat(plan.region()).isEqualTo("US");
        assertThat(plan.coverage()).containsExactly("US");
        assertThat(plan.price()).isEqualTo(new Price(1299, "USD"));
        assertThat(plan.activationMethod()).isEqualTo("lpa");
    }

    @Test
    void aConfiguredSkuPrefixNamesTheRegionOfAMultiCountryPlan() {
        Plan plan = mapper.toPlan(new ProviderPlan("simology", "EU-3GB-15D", "Western Europe 3 GB / 15 days",
                Set.of("GB", "FR", "IT"), 3072, 15, Money.of("6.90", "EUR"), true), 1, Instant.EPOCH);

        assertThat(plan.region()).isEqualTo("western-europe");
        assertThat(plan.coverage()).containsExactly("FR", "GB", "IT");
    }

    @Test
    void anUnmappedMultiCountryPlanIsMultiCountry() {
        assertThat(mapper.region("XX-1GB", List.of("DE", "FR"))).isEqualTo("multi-country");
    }
}
