package dev.esim.notification.order;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import dev.esim.notification.email.Plan;
import dev.esim.notification.secret.Sealed;

/**
 * What we remember of an order from its {@code OrderPlaced} event: where to write (still encrypted, bound to that
 * event's id) and what was bought. Orders are published at checkout, long before payment, so they are here by the
 * time anything about them needs an e-mail.
 */
public record CustomerOrder(String orderId, String orderEventId, String kind, Sealed email, List<Plan> items,
        Instant placedAt) {

    public CustomerOrder {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(email, "email");
        items = List.copyOf(items);
    }

    /** The page (terms, FAQ) the catalogue named for this SKU when the order was placed, or null. */
    public String termsUrlOf(String sku) {
        return items.stream().filter(plan -> plan.sku().equals(sku)).map(Plan::termsUrl).filter(Objects::nonNull)
                .findFirst().orElse(null);
    }

    /** How the order reads in a sentence: "Europe 5 GB" or "Europe 5 GB, USA 1 GB". */
    public String planNames() {
        return items.stream().map(Plan::name).distinct().collect(Collectors.joining(", "));
    }
}
