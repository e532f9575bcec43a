package dev.esim.catalog.plans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PricingTest {

    private final Pricing pricing = new Pricing(Map.of(
            "default", new Pricing.Rule(new BigDecimal("35"), new BigDecimal("1.00"), new BigDecimal("0.01")),
            "JPY", new Pricing.Rule(new BigDecimal("20"), new BigDecimal("10"), BigDecimal.ZERO)));

    @Test
    void addsTheMarginAndRoundsUpToAPriceEndingIn99() {
        // given a net price of 9.50 USD at 35 % → 12.825
        // when
        Price retail = pricing.retail(new BigDecimal("9.50"), "USD");
        // then
        assertThat(retail).isEqualTo(new Price(1299, "USD"));
        assertThat(retail.decimal()).isEqualByComparingTo("12.99");
    }

    @Test
    void neverRoundsBelowTheMarginEvenJustAboveACharmPrice() {
        // 9.63 × 1.35 = 13.0005: 12.99 would sell under our margin
        assertThat(pricing.retail(new BigDecimal("9.63"), "EUR")).isEqualTo(new Price(1399, "EUR"));
    }

    @Test
    void keepsAPriceThatAlreadyEndsOnTheCharm() {
        // given a rule without margin, so the net price is already of the form k × step − charm
        Pricing noMargin = new Pricing(Map.of("default",
                new Pricing.Rule(BigDecimal.ZERO, new BigDecimal("1.00"), new BigDecimal("0.01"))));
        assertThat(noMargin.retail(new BigDecimal("12.99"), "USD")).isEqualTo(new Price(1299, "USD"));
    }

    @Test
    void usesTheCurrencysOwnRuleAndMinorUnit() {
        // 1000 JPY × 1.2 = 1200 → already a multiple of 10; yen have no minor unit
        assertThat(pricing.retail(new BigDecimal("1000"), "JPY")).isEqualTo(new Price(1200, "JPY"));
        assertThat(pricing.retail(new BigDecimal("1001"), "jpy")).isEqualTo(new Price(1210, "JPY"));
    }

    @Test
    void refusesRulesThatWouldSellAtALossOrWithoutADefault() {
        assertThatThrownBy(() -> new Pricing.Rule(new BigDecimal("-1"), BigDecimal.ONE, BigDecimal.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pricing(Map.of("USD",
                new Pricing.Rule(BigDecimal.TEN, BigDecimal.ONE, BigDecimal.ZERO))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
