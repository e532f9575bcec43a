package dev.esim.provisioning.order;

import java.time.Duration;
import java.util.Objects;

/**
 * @param failover             provision an equivalent plan at another configured provider when the first one is out
 *                             of stock, out of balance or behind an open circuit
 * @param livemode             whether this worker runs against live money; payments of the other mode are refused
 * @param balanceCheckInterval how often (at most) a provider's prepaid balance is read after a provisioning
 */
public record ProvisioningPolicy(boolean failover, boolean livemode, Duration balanceCheckInterval) {
    public ProvisioningPolicy {
        Objects.requireNonNull(balanceCheckInterval, "balanceCheckInterval");
    }
}
