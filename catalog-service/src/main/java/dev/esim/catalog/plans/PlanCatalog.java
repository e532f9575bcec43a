package dev.esim.catalog.plans;

import java.util.List;
import java.util.Optional;

/** Read side of the catalogue, for the HTTP API and checkout. */
public interface PlanCatalog {

    Optional<Plan> find(String sku);

    /** Plans covering {@code country} (if given) and in {@code region} (if given), by SKU. */
    List<Plan> search(String country, String region);
}
