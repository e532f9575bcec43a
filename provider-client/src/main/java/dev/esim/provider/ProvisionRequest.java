package dev.esim.provider;

import java.util.Objects;

/**
 * Order one eSIM of {@code sku} for our order {@code orderId}.
 *
 * @param idempotencyKey sent as {@code Idempotency-Key} (Simology) or {@code transactionId} (eSIM Access); at most
 *                       50 characters. Use {@link #forOrder(String, String)} so every retry, redelivery or replay of
 *                       the same order derives the same key.
 */
public record ProvisionRequest(String orderId, String sku, String idempotencyKey) {
    public ProvisionRequest {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        if (idempotencyKey.isBlank() || idempotencyKey.length() > IdempotencyKeys.MAX_LENGTH) {
            throw new IllegalArgumentException("idempotencyKey must be 1.." + IdempotencyKeys.MAX_LENGTH
                    + " characters");
        }
    }

    public static ProvisionRequest forOrder(String orderId, String sku) {
        return new ProvisionRequest(orderId, sku, IdempotencyKeys.provision(orderId));
    }
}
