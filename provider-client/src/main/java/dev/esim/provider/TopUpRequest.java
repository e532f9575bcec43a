package dev.esim.provider;

import java.util.Objects;

/**
 * Add the plan {@code sku} to an existing line.
 *
 * @param reference our top-up order id
 */
public record TopUpRequest(String iccid, String sku, String reference, String idempotencyKey) {
    public TopUpRequest {
        Objects.requireNonNull(iccid, "iccid");
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        if (idempotencyKey.isBlank() || idempotencyKey.length() > IdempotencyKeys.MAX_LENGTH) {
            throw new IllegalArgumentException("idempotencyKey must be 1.." + IdempotencyKeys.MAX_LENGTH
                    + " characters");
        }
    }

    public static TopUpRequest forTopUpOrder(String topUpOrderId, String iccid, String sku) {
        return new TopUpRequest(iccid, sku, topUpOrderId, IdempotencyKeys.topUp(topUpOrderId));
    }
}
