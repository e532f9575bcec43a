package dev.esim.provisioning.order;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the worker keeps of an {@code OrderPlaced} event: enough to provision without asking catalog-service.
 *
 * @param topUpIccid for {@link Kind#TOP_UP} orders, the line that receives the data
 * @param expected   what the traveller must pay, in which checkout session; null only for orders stored before the
 *                   worker kept it, which are provisioned on any successful payment as they always were
 */
public record PlacedOrder(String orderId, Kind kind, List<Item> items, String topUpIccid, Payment expected) {

    public enum Kind { NEW_LINE, TOP_UP }

    public record Item(PlanSpec plan, int quantity) {
        public Item {
            Objects.requireNonNull(plan, "plan");
            if (quantity < 1) {
                throw new IllegalArgumentException("quantity must be positive");
            }
        }
    }

    public PlacedOrder {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(kind, "kind");
        items = List.copyOf(items);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("an order has at least one item");
        }
        if (kind == Kind.TOP_UP && (topUpIccid == null || topUpIccid.isBlank())) {
            throw new IllegalArgumentException("a top-up order names the line it tops up");
        }
    }

    /** One entry per unit bought, in item order: each is one eSIM (or one top-up) with its own claim. */
    public List<PlanSpec> lines() {
        List<PlanSpec> lines = new ArrayList<>();
        for (Item item : items) {
            for (int i = 0; i < item.quantity(); i++) {
                lines.add(item.plan());
            }
        }
        return lines;
    }

    /**
     * The provider-facing reference of line {@code lineNo}: the bare order id for the first line, so the provider's
     * {@code reference} is our order id in the usual one-eSIM order, and {@code <order id>/<n>} for the others.
     */
    public static String reference(String orderId, int lineNo) {
        return lineNo == 0 ? orderId : orderId + "/" + lineNo;
    }
}
