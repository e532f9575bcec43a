package dev.esim.sandbox.provider;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One provider SKU with its net (wholesale) price. */
record Plan(String sku, String name, String region, List<String> coverage, long dataAllowanceMb, int validityDays,
        BigDecimal netPrice, String currency, String slug) {

    boolean covers(String country) {
        return coverage.contains(country);
    }

    /** What an order of this plan takes off the USD balance. */
    BigDecimal costInUsd(BigDecimal eurToUsd) {
        BigDecimal usd = "EUR".equals(currency) ? netPrice.multiply(eurToUsd) : netPrice;
        return usd.setScale(2, RoundingMode.HALF_UP);
    }

    Map<String, Object> toJson(boolean available) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sku", sku);
        json.put("name", name);
        json.put("region", region);
        json.put("coverage", coverage);
        json.put("data_allowance_mb", dataAllowanceMb);
        json.put("validity_days", validityDays);
        json.put("price", Map.of("amount", netPrice, "currency", currency));
        json.put("activation_method", "lpa");
        json.put("esim_type", "data");
        json.put("terms_url", "https://simology.io/esim-" + slug);
        json.put("available", available);
        return json;
    }
}
