package dev.esim.provisioning.order;

import dev.esim.provider.EsimProvider;
import dev.esim.provider.IdempotencyKeys;
import dev.esim.provider.InsufficientBalanceException;
import dev.esim.provider.OutOfStockException;
import dev.esim.provider.ProviderException;
import dev.esim.provider.ProviderRegistry;
import dev.esim.provider.ProviderRejectedException;
import dev.esim.provider.TopUpRequest;
import dev.esim.provider.TopUpResult;
import java.time.Instant;

/**
 * Adds a paid top-up's data to the traveller's line, once, at the provider that issued the line. Only that provider
 * can, so a top-up it cannot serve now (no prepaid balance, circuit open) waits like a line does — parked, looked at
 * again with back-off, failed (and refunded by catalog-service) only at its deadline.
 */
final class TopUps {

    private final ProviderRegistry providers;
    private final String primaryProvider;
    private final ProvisioningStore store;
    private final ProvisioningMetrics metrics;
    private final CrashPoint crash;
    private final ClaimOutcomes outcomes;
    private final BalanceWatch balance;
    private final ProvisioningPolicy policy;
    private final ProviderCircuits circuits;

    TopUps(ProviderRegistry providers, String primaryProvider, ProvisioningStore store, ProvisioningMetrics metrics,
           CrashPoint crash, ClaimOutcomes outcomes, BalanceWatch balance, ProvisioningPolicy policy,
           ProviderCircuits circuits) {
        this.policy = policy;
        this.circuits = circuits;
        this.providers = providers;
        this.primaryProvider = primaryProvider;
        this.store = store;
        this.metrics = metrics;
        this.crash = crash;
        this.outcomes = outcomes;
        this.balance = balance;
    }

    void apply(PlacedOrder order, int lineNo, PlanSpec plan, String cause, Step step) {
        String reference = PlacedOrder.reference(order.orderId(), lineNo);
        String providerName = store.providerOfLine(order.topUpIccid()).orElse(primaryProvider);
        Instant now = outcomes.now();
        ProvisioningStore.Claimed claimed = store.claim(Claim.requested(reference, order.orderId(), lineNo,
                Claim.Kind.TOP_UP, providerName, plan, order.topUpIccid(), cause, now,
                now.plus(policy.firstCheckAfter())));
        Claim claim = claimed.claim();
        if (claimed.isNew()) {
            crash.reached(CrashPoint.AFTER_CLAIM);
        }
        if (claim.state() != Claim.State.REQUESTED) {
            outcomes.publish(claim, step); // settled: its outcome once; parked: nothing until its next look
            return;
        }
        call(claim, step);
    }

    /**
     * The worker's own look at an unsettled top-up — parked, or still {@code REQUESTED} because its input was
     * dead-lettered after technical faults: called again with the same idempotency key, or failed once the deadline
     * has passed.
     */
    void check(Claim claim, Step step) {
        try {
            call(claim, step);
        } catch (ProviderException e) {
            // A technical fault while looking only postpones the next look, up to the deadline (as for lines).
            Claim current = store.claim(claim.reference()).orElse(claim);
            if (!current.state().settled()) {
                outcomes.waitLonger(current, "provider_unavailable",
                        "top-up not confirmed by the provider before the deadline: " + e.getMessage(), step);
            }
        }
    }

    private void call(Claim claim, Step step) {
        String cause = claim.causeEventId();
        PlanSpec plan = claim.plan();
        EsimProvider provider = providers.get(claim.provider());
        if (circuits.isOpen(provider.name())) {
            outcomes.park(claim, "provider_unavailable", "circuit open for " + provider.name(), step);
            return;
        }
        try {
            // No lookup API for top-ups: the idempotency key alone makes a repeated call replay the first answer.
            claim.attempted();
            store.save(claim);
            TopUpResult result = provider.topUp(new TopUpRequest(claim.topUpIccid(), plan.sku(), claim.reference(),
                    IdempotencyKeys.topUp(claim.reference())));
            crash.reached(CrashPoint.AFTER_PROVIDER_CALL);
            long added = result.dataAddedMb() != null ? result.dataAddedMb() : plan.dataAllowanceMb();
            claim.toppedUp(claim.topUpIccid(), added, result.validUntil(),
                    ClaimOutcomes.eventId(cause, Outcome.TopUpApplied.class, claim), cause, outcomes.now());
            store.save(claim);
            metrics.outcome("topped_up", "ok");
            crash.reached(CrashPoint.AFTER_CLAIM_UPDATE);
            outcomes.publish(claim, step);
        } catch (OutOfStockException e) {
            metrics.providerError(provider.name(), e.code());
            outcomes.fail(claim, "out_of_stock", e.getMessage(), cause, step);
        } catch (InsufficientBalanceException e) {
            metrics.providerError(provider.name(), e.code());
            balance.check(provider, claim.orderId(), cause, true, step);
            outcomes.park(claim, "insufficient_balance", e.getMessage(), step);
        } catch (ProviderRejectedException e) {
            metrics.providerError(provider.name(), e.code());
            outcomes.fail(claim, "provider_rejected", e.getMessage(), cause, step);
        } catch (ProviderException e) {
            metrics.providerError(provider.name(), e.code());
            throw e;
        }
    }
}
