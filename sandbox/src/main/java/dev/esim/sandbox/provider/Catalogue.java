package dev.esim.sandbox.provider;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The simulator's fixed plan list. Country plans carry the country code as {@code region} (as in seed 001); regional
 * plans carry a region slug. Prices are net: USD for the Americas, Asia and global plans, EUR for European ones.
 * {@link #listing} is how {@code GET /v1/catalog} shows them.
 */
final class Catalogue {

    private static final List<String> WESTERN_EUROPE =
            List.of("GB", "FR", "IT", "ES", "DE", "NL", "BE", "PT", "IE", "AT", "CH", "LU");
    private static final List<String> NORTH_AMERICA = List.of("US", "CA", "MX");
    private static final List<String> GLOBAL = List.of("US", "CA", "MX", "BR", "GB", "FR", "IT", "ES", "DE", "NL",
            "PT", "IE", "CH", "TR", "AE", "JP", "KR", "SG", "TH", "AU", "NZ", "ZA");

    private final Map<String, Plan> bySku = new LinkedHashMap<>();
    private final Instant updatedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    Catalogue() {
        add("US-1GB-7D", "United States 1 GB / 7 days", "US", List.of("US"), 1, 7, "3.50", "USD", "united-states");
        add("US-5GB-30D", "United States 5 GB / 30 days", "US", List.of("US"), 5, 30, "9.50", "USD", "united-states");
        add("US-20GB-30D", "United States 20 GB / 30 days", "US", List.of("US"), 20, 30, "24.00", "USD",
                "united-states");
        add("GB-1GB-7D", "United Kingdom 1 GB / 7 days", "GB", List.of("GB"), 1, 7, "2.90", "GBP", "united-kingdom");
        add("GB-3GB-15D", "United Kingdom 3 GB / 15 days", "GB", List.of("GB"), 3, 15, "5.80", "EUR", "united-kingdom");
        add("GB-10GB-30D", "United Kingdom 10 GB / 30 days", "GB", List.of("GB"), 10, 30, "13.90", "EUR",
                "united-kingdom");
        add("FR-5GB-30D", "France 5 GB / 30 days", "FR", List.of("FR"), 5, 30, "7.90", "EUR", "france");
        add("IT-5GB-30D", "Italy 5 GB / 30 days", "IT", List.of("IT"), 5, 30, "7.90", "EUR", "italy");
        add("ES-5GB-30D", "Spain 5 GB / 30 days", "ES", List.of("ES"), 5, 30, "7.50", "EUR", "spain");
        add("JP-3GB-15D", "Japan 3 GB / 15 days", "JP", List.of("JP"), 3, 15, "7.50", "USD", "japan");
        add("JP-10GB-30D", "Japan 10 GB / 30 days", "JP", List.of("JP"), 10, 30, "18.00", "USD", "japan");
        add("EU-3GB-15D", "Western Europe 3 GB / 15 days", "western-europe", WESTERN_EUROPE, 3, 15, "6.90", "EUR",
                "western-europe");
        add("EU-10GB-30D", "Western Europe 10 GB / 30 days", "western-europe", WESTERN_EUROPE, 10, 30, "15.90", "EUR",
                "western-europe");
        add("NA-10GB-30D", "North America 10 GB / 30 days", "north-america", NORTH_AMERICA, 10, 30, "21.00", "USD",
                "north-america");
        add("GLOBAL-5GB-30D", "Global 5 GB / 30 days", "global", GLOBAL, 5, 30, "29.00", "USD", "global");
    }

    private void add(String sku, String name, String region, List<String> coverage, int gb, int days, String price,
            String currency, String slug) {
        bySku.put(sku, new Plan(sku, name, region, coverage, gb * 1024L, days, new BigDecimal(price), currency, slug));
    }

    Optional<Plan> find(String sku) {
        return Optional.ofNullable(bySku.get(sku));
    }

    /** Plans covering {@code country}, or whose region is {@code region}; no filter gives every plan. */
    List<Plan> search(String country, String region) {
        return bySku.values().stream()
                .filter(p -> country == null || p.covers(country.toUpperCase(Locale.ROOT)))
                .filter(p -> region == null || p.region().equalsIgnoreCase(region))
                .toList();
    }

    /** The body of {@code GET /v1/catalog}: the plans {@link #search} finds, unavailable when out of stock. */
    Map<String, Object> listing(String country, String region, Set<String> outOfStockSkus) {
        List<Map<String, Object>> items = search(country, region).stream()
                .map(plan -> plan.toJson(!outOfStockSkus.contains(plan.sku())))
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("updated_at", DateTimeFormatter.ISO_INSTANT.format(updatedAt));
        return body;
    }
}
