package dev.esim.provider;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/** The configured providers, by {@link EsimProvider#name()}, in preference order (first = primary). */
public final class ProviderRegistry {

    private final Map<String, EsimProvider> byName;

    public ProviderRegistry(List<? extends EsimProvider> providers) {
        Map<String, EsimProvider> map = new LinkedHashMap<>();
        for (EsimProvider p : providers) {
            if (map.putIfAbsent(p.name(), p) != null) {
                throw new IllegalArgumentException("two providers named " + p.name());
            }
        }
        this.byName = Collections.unmodifiableMap(map);
    }

    public static ProviderRegistry of(EsimProvider... providers) {
        return new ProviderRegistry(List.of(providers));
    }

    public EsimProvider get(String name) {
        EsimProvider p = byName.get(name);
        if (p == null) {
            throw new NoSuchElementException("no provider named " + name + "; configured: " + byName.keySet());
        }
        return p;
    }

    public Optional<EsimProvider> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Collection<EsimProvider> all() {
        return byName.values();
    }

    /** A plan + the provider that sells it. */
    public record Alternative(EsimProvider provider, ProviderPlan plan) {
    }

    /**
     * An equivalent plan (see {@link EquivalentPlans}) at a provider other than {@code original.provider()}, for
     * failover when the original is out of stock or its provider is down. Providers are asked in registry order; one
     * whose catalogue cannot be read right now is skipped (it is probably down too).
     */
    public Optional<Alternative> findEquivalent(ProviderPlan original) {
        List<Alternative> candidates = new ArrayList<>();
        for (EsimProvider p : byName.values()) {
            if (p.name().equals(original.provider())) {
                continue;
            }
            List<ProviderPlan> plans;
            try {
                plans = p.listPlans();
            } catch (ProviderException e) {
                continue;
            }
            plans.stream()
                    .filter(plan -> EquivalentPlans.isEquivalent(original, plan))
                    .min(EquivalentPlans.closestFirst())
                    .ifPresent(plan -> candidates.add(new Alternative(p, plan)));
            if (!candidates.isEmpty()) {
                break; // registry order is preference order: the first provider with a match wins
            }
        }
        return candidates.stream().findFirst();
    }
}
