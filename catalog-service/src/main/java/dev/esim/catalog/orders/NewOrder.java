package dev.esim.catalog.orders;

import dev.esim.catalog.plans.Price;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An order as checkout creates it, with server-side prices only.
 *
 * @param kind        {@code NEW_LINE} or {@code TOP_UP}
 * @param topupIccid  for top-ups: the line receiving the data
 * @param emailHash   the keyed hash of the traveller's e-mail address ({@link EmailHashes}), never the address
 * @param metadata    the client's own key/values (seed 001), returned on reads, never sent to the gateway
 * @param paymentGateway  the gateway the traveller pays through ({@code stripe}, {@code govukpay})
 */
public record NewOrder(String orderId, String kind, String topupIccid, List<Line> lines, Price total,
                       String customerCountry, String emailHash, Map<String, String> metadata, String checkoutSessionId,
                       String paymentUrl, Instant expiresAt, Instant createdAt, String paymentGateway) {

    public record Line(String sku, String name, int quantity, Price unitPrice, List<String> coverage,
                       long dataAllowanceMb, int validityDays) {
    }

    public int units() {
        return lines.stream().mapToInt(Line::quantity).sum();
    }
}
