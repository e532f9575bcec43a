package dev.esim.catalog.checkout;

import java.util.List;
import java.util.SortedMap;

/**
 * A validated checkout request, in canonical form: its JSON is what the idempotency hash is taken over, so two
 * requests that mean the same (other field order, whitespace, a client-sent price we ignore anyway) are the same.
 *
 * @param kind        {@code NEW_LINE} or {@code TOP_UP}
 * @param topupIccid  for top-ups only
 * @param paymentGateway  the gateway the client asked for, or null to let configuration choose
 */
record CheckoutCommand(String kind, String topupIccid, String customerEmail, String customerCountry,
                       List<Item> items, String successUrl, String cancelUrl, SortedMap<String, String> metadata,
                       String paymentGateway) {

    record Item(String sku, int quantity) {
    }
}
