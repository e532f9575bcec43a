package dev.esim.provisioning.order;

import dev.esim.events.EventIds;
import dev.esim.provider.Balance;
import dev.esim.provider.EsimProvider;
import dev.esim.provider.Money;
import dev.esim.provider.ProviderException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a provider's prepaid balance (at most once per interval unless forced) and publishes
 * {@code ProviderBalanceLow} once per episode, before the balance runs out and blocks provisioning. Best effort: a
 * failed read is logged, never fatal.
 */
final class BalanceWatch {

    private static final Logger LOG = LoggerFactory.getLogger(BalanceWatch.class);

    private final ProvisioningStore store;
    private final ProvisioningPolicy policy;
    private final ProvisioningMetrics metrics;
    private final Clock clock;
    private final Map<String, Instant> lastCheck = new ConcurrentHashMap<>();

    BalanceWatch(ProvisioningStore store, ProvisioningPolicy policy, ProvisioningMetrics metrics, Clock clock) {
        this.store = store;
        this.policy = policy;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** {@code exhausted}: the provider just refused for lack of balance, so read now and treat it as low. */
    void check(EsimProvider provider, String orderId, String cause, boolean exhausted, Step step) {
        Instant now = clock.instant();
        Instant last = lastCheck.get(provider.name());
        if (!exhausted && last != null && last.plus(policy.balanceCheckInterval()).isAfter(now)) {
            return;
        }
        lastCheck.put(provider.name(), now);
        try {
            Balance balance = provider.balance();
            boolean low = balance.isLow() || exhausted;
            metrics.balance(provider.name(), balance.available().amount(), low);
            if (store.balanceTurnedLow(provider.name(), low)) {
                Money threshold = balance.lowBalanceThreshold() != null ? balance.lowBalanceThreshold()
                        : new Money(BigDecimal.ZERO, balance.available().currency());
                LOG.warn("provider={} outcome=balance_low available={} {}", provider.name(),
                        balance.available().amount(), balance.available().currency());
                step.emit(new Outcome(EventIds.derive(cause, Outcome.typeOf(Outcome.ProviderBalanceLow.class),
                        provider.name()), orderId, cause, now,
                        new Outcome.ProviderBalanceLow(provider.name(), balance.available(), threshold)));
            }
        } catch (ProviderException e) {
            metrics.providerError(provider.name(), e.code());
            LOG.warn("provider={} balance_check=failed code={}", provider.name(), e.code());
        }
    }
}
