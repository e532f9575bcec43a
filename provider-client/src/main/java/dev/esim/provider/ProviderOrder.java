package dev.esim.provider;

import java.util.Objects;
import java.util.Optional;

/**
 * An order as the provider reports it.
 *
 * @param reference our order id when the provider echoes it (Simology does; eSIM Access only knows our
 *                  idempotency key, so this is null there unless the lookup was by reference)
 * @param line      present once {@code status} is {@link Status#COMPLETED}
 */
public record ProviderOrder(String providerOrderId, String reference, Status status, String sku,
                            Optional<ProvisionedLine> line) {
    public ProviderOrder {
        Objects.requireNonNull(providerOrderId, "providerOrderId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(line, "line");
    }

    public enum Status { PROCESSING, COMPLETED, FAILED }

    /** The same order as a {@link ProvisionResult}, or empty when it failed. */
    public Optional<ProvisionResult> asProvisionResult() {
        return switch (status) {
            case COMPLETED -> line.map(l -> new ProvisionResult.Completed(providerOrderId, l));
            case PROCESSING -> Optional.of(new ProvisionResult.Pending(providerOrderId));
            case FAILED -> Optional.empty();
        };
    }
}
