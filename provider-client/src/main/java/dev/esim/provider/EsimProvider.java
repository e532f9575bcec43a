package dev.esim.provider;

import java.util.List;
import java.util.Optional;

/**
 * What every eSIM provider offers us. Implementations are thread-safe and stateless apart from configuration.
 *
 * <p>Failures are {@link ProviderException}s: business refusals ({@link OutOfStockException},
 * {@link InsufficientBalanceException}, {@link ProviderRejectedException}) are never worth retrying; technical faults
 * ({@link ProviderUnavailableException}, {@link RateLimitedException}) are. Wrap an adapter in
 * {@code dev.esim.provider.resilience.ResilientEsimProvider} to get rate limiting, retries and a circuit breaker.
 */
public interface EsimProvider {

    /** Stable name, used as registry key, metric tag and log field ({@code simology}, {@code esimaccess}). */
    String name();

    /** The provider's whole catalogue with net (wholesale) prices. */
    List<ProviderPlan> listPlans();

    /**
     * Orders one eSIM. Safe to call again with the same request: the idempotency key makes the provider replay the
     * first outcome instead of issuing a second eSIM.
     */
    ProvisionResult provision(ProvisionRequest request);

    /**
     * The order as the provider sees it now, by the provider's own order id; empty when the provider does not
     * know it.
     */
    Optional<ProviderOrder> findOrder(String providerOrderId);

    /**
     * The order placed for our order id, if any. Ask this before re-trying a provisioning call whose outcome is
     * unknown (timeout, crash).
     */
    Optional<ProviderOrder> findOrderByReference(String ourOrderId);

    LineUsage lineUsage(String iccid);

    TopUpResult topUp(TopUpRequest request);

    /** Cancels and refunds a line whose profile was never installed; refused with {@code conflict} otherwise. */
    CancelResult cancelIfUnused(String iccid, String idempotencyKey);

    Balance balance();
}
