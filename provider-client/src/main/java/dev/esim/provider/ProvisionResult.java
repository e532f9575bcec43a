package dev.esim.provider;

import java.util.Objects;

/** Either the line is ready now, or the provider allocates it asynchronously. */
public sealed interface ProvisionResult {

    String providerOrderId();

    /** The provider answered with the line. */
    record Completed(String providerOrderId, ProvisionedLine line) implements ProvisionResult {
        public Completed {
            Objects.requireNonNull(providerOrderId, "providerOrderId");
            Objects.requireNonNull(line, "line");
        }
    }

    /**
     * The provider accepted the order and will allocate the line later: a webhook arrives, or poll
     * {@link EsimProvider#findOrder(String)} (see {@link AllocationPolling}).
     */
    record Pending(String providerOrderId) implements ProvisionResult {
        public Pending {
            Objects.requireNonNull(providerOrderId, "providerOrderId");
        }
    }
}
