package dev.esim.catalog.plans;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Our retail price for a provider's net price: net × (1 + margin), then rounded <em>up</em> to the nearest
 * {@code k × step − charm} (e.g. step 1.00, charm 0.01 → prices end in .99), so rounding never eats into the
 * margin. Rules are per currency: we sell in the currency the provider prices the plan in. Spring-free.
 */
public final class Pricing {

    /** How one currency is priced. */
    public record Rule(BigDecimal marginPercent, BigDecimal step, BigDecimal charm) {
        public Rule {
            Objects.requireNonNull(marginPercent, "marginPercent");
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(charm, "charm");
            if (marginPercent.signum() < 0) {
                throw new IllegalArgumentException("a negative margin sells at a loss");
            }
            if (step.signum() <= 0) {
                throw new IllegalArgumentException("step must be positive");
            }
            if (charm.signum() < 0 || charm.compareTo(step) >= 0) {
                throw new IllegalArgumentException("charm must be in [0, step)");
            }
        }
    }

    static final String DEFAULT = "default";

    private final Map<String, Rule> rules;

    /** @param rules by ISO currency code; {@code default} for the rest (required) */
    public Pricing(Map<String, Rule> rules) {
        if (!rules.containsKey(DEFAULT)) {
            throw new IllegalArgumentException("a 'default' pricing rule is required");
        }
        this.rules = Map.copyOf(rules);
    }

    public Price retail(BigDecimal netAmount, String currency) {
        String code = currency.toUpperCase(Locale.ROOT);
        Rule rule = rules.getOrDefault(code, rules.get(DEFAULT));
        BigDecimal withMargin = netAmount.multiply(BigDecimal.ONE.add(rule.marginPercent().movePointLeft(2)));
        // smallest k·step − charm ≥ withMargin
        BigDecimal k = withMargin.add(rule.charm()).divide(rule.step(), 0, RoundingMode.CEILING);
        BigDecimal price = k.multiply(rule.step()).subtract(rule.charm());
        if (price.signum() <= 0) {
            price = rule.step().subtract(rule.charm());
        }
        int digits = Price.minorDigits(code);
        // a step finer than the currency's minor unit cannot be charged: round up to the minor unit
        return Price.ofDecimal(price.setScale(digits, RoundingMode.CEILING), code);
    }
}
