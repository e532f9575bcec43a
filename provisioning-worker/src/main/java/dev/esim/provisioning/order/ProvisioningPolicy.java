package dev.esim.provisioning.order;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * @param failover             provision an equivalent plan at another configured provider when the first one is out
 *                             of stock, out of balance or behind an open circuit
 * @param livemode             whether this worker runs against live money; payments of the other mode are refused
 * @param balanceCheckInterval how often (at most) a provider's prepaid balance is read after a provisioning
 * @param firstCheckAfter      how long after a claim is made (or turns pending, or is parked) the worker looks at it
 *                             again by itself; the wait doubles with each look
 * @param maxCheckInterval     the longest wait between two looks
 * @param providerDeadline     how long after its claim a paid line may wait for its provider (pending, parked) before
 *                             it fails, and the order is refunded
 */
record ProvisioningPolicy(boolean failover, boolean livemode, Duration balanceCheckInterval,
                                 Duration firstCheckAfter, Duration maxCheckInterval, Duration providerDeadline) {

    public ProvisioningPolicy {
        Objects.requireNonNull(balanceCheckInterval, "balanceCheckInterval");
        Objects.requireNonNull(firstCheckAfter, "firstCheckAfter");
        Objects.requireNonNull(maxCheckInterval, "maxCheckInterval");
        Objects.requireNonNull(providerDeadline, "providerDeadline");
        if (firstCheckAfter.isNegative() || firstCheckAfter.isZero() || maxCheckInterval.compareTo(firstCheckAfter) < 0
                || providerDeadline.isNegative()) {
            throw new IllegalArgumentException("checks need 0 < firstCheckAfter <= maxCheckInterval, deadline >= 0");
        }
    }

    /** When the claim must have settled: its creation plus {@link #providerDeadline}. */
    public Instant deadlineOf(Claim claim) {
        return claim.createdAt().plus(providerDeadline);
    }

    /** The next look at a claim looked at {@code checks} times: exponential back-off, never past the deadline. */
    public Instant nextCheck(Claim claim, int checks, Instant now) {
        Duration wait = firstCheckAfter.multipliedBy(1L << Math.min(checks, 20));
        if (wait.compareTo(maxCheckInterval) > 0) {
            wait = maxCheckInterval;
        }
        Instant next = now.plus(wait);
        Instant deadline = deadlineOf(claim);
        return next.isAfter(deadline) && now.isBefore(deadline) ? deadline : next;
    }
}
