package dev.esim.provider;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderRegistryTest {

    private static final ProviderPlan US_5GB_30D = new ProviderPlan("simology", "US-5GB-30D", "US 5 GB",
            Set.of("US"), 5120, 30, Money.of("9.50", "USD"), true);

    @Test
    void findsTheClosestEquivalentPlanAtAnotherProvider() {
        // given
        FakeProvider simology = new FakeProvider("simology")
                .withPlan("US-5GB-30D", List.of("US"), 5120, 30, "9.50", true);
        FakeProvider other = new FakeProvider("esimaccess")
                .withPlan("US_10_30", List.of("US"), 10240, 30, "12.00", true)
                .withPlan("US_5_30", List.of("US"), 5120, 30, "8.00", true)
                .withPlan("US_3_30", List.of("US"), 3072, 30, "5.00", true)       // less data
                .withPlan("US_5_7", List.of("US"), 5120, 7, "4.00", true)         // shorter
                .withPlan("NA_5_30", List.of("US", "CA"), 5120, 30, "7.00", true) // other coverage
                .withPlan("US_5_30b", List.of("US"), 5120, 30, "6.00", false);   // sold out
        ProviderRegistry registry = ProviderRegistry.of(simology, other);

        // when
        var alternative = registry.findEquivalent(US_5GB_30D);

        // then
        assertThat(alternative).isPresent();
        assertThat(alternative.get().provider().name()).isEqualTo("esimaccess");
        assertThat(alternative.get().plan().sku()).isEqualTo("US_5_30");
    }

    @Test
    void neverOffersTheSameProviderAsItsOwnFailover() {
        FakeProvider simology = new FakeProvider("simology")
                .withPlan("US-5GB-30D", List.of("US"), 5120, 30, "9.50", true);

        assertThat(ProviderRegistry.of(simology).findEquivalent(US_5GB_30D)).isEmpty();
    }

    @Test
    void skipsAProviderWhoseCatalogueCannotBeRead() {
        FakeProvider down = new FakeProvider("down") {
            @Override
            public List<ProviderPlan> listPlans() {
                throw new ProviderUnavailableException("down", "server_error", "503", null);
            }
        };
        FakeProvider up = new FakeProvider("up").withPlan("US", List.of("US"), 6000, 30, "9.00", true);

        var alternative = ProviderRegistry.of(new FakeProvider("simology"), down, up).findEquivalent(US_5GB_30D);

        assertThat(alternative).map(a -> a.provider().name()).contains("up");
    }

    @Test
    void looksProvidersUpByName() {
        ProviderRegistry registry = ProviderRegistry.of(new FakeProvider("a"), new FakeProvider("b"));

        assertThat(registry.get("b").name()).isEqualTo("b");
        assertThat(registry.find("c")).isEmpty();
        assertThatThrownBy(() -> registry.get("c")).hasMessageContaining("configured: [a, b]");
        assertThatThrownBy(() -> ProviderRegistry.of(new FakeProvider("a"), new FakeProvider("a")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
