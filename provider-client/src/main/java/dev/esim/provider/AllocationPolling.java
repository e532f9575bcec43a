package dev.esim.provider;

import java.time.Duration;
import java.util.Optional;

/**
 * Waits for an asynchronously allocated line by polling {@link EsimProvider#findOrder(String)}. Poll through a
 * {@code ResilientEsimProvider} so that polls share the provider's rate limit and circuit breaker.
 */
public final class AllocationPolling {

    /** Sleeps between polls; tests pass a no-op or a recorder. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private AllocationPolling() {
    }

    /**
     * Returns {@code result} itself when completed; otherwise polls up to {@code maxPolls} times, {@code interval}
     * apart, and returns the completed result or the still-pending one. A failed order becomes a
     * {@link ProviderRejectedException} with code {@code order_failed}.
     */
    public static ProvisionResult awaitLine(EsimProvider provider, ProvisionResult result, int maxPolls,
                                            Duration interval, Sleeper sleeper) {
        if (result instanceof ProvisionResult.Completed) {
            return result;
        }
        String orderId = result.providerOrderId();
        for (int i = 0; i < maxPolls; i++) {
            try {
                sleeper.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return result;
            }
            Optional<ProviderOrder> order = provider.findOrder(orderId);
            if (order.isEmpty()) {
                continue; // some providers only show an order once allocation started
            }
            ProviderOrder o = order.get();
            if (o.status() == ProviderOrder.Status.FAILED) {
                throw new ProviderRejectedException(provider.name(), "order_failed", null, 0, null,
                        "provider order " + orderId + " failed");
            }
            Optional<ProvisionResult> r = o.asProvisionResult();
            if (r.isPresent() && r.get() instanceof ProvisionResult.Completed) {
                return r.get();
            }
        }
        return result;
    }

    public static ProvisionResult awaitLine(EsimProvider provider, ProvisionResult result, int maxPolls,
                                            Duration interval) {
        return awaitLine(provider, result, maxPolls, interval, d -> Thread.sleep(d.toMillis()));
    }
}
