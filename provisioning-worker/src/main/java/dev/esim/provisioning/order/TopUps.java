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

/** Adds a paid top-up's data to the traveller's line, once, at the provider that issued the line. */
final class TopUps {

    private final ProviderRegistry providers;
    private final String primaryProvider;
    private final ProvisioningStore store;
    private final ProvisioningMetrics metrics;
    private final CrashPoint crash;
    private final ClaimOutcomes outcomes;
    private final BalanceWatch balance;

    TopUps(ProviderRegistry providers, String primaryProvider, ProvisioningStore store, ProvisioningMetrics metrics,
           CrashPoint crash, ClaimOutcomes outcomes, BalanceWatch balance) {
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
        ProvisioningStore.Claimed claimed = store.claim(Claim.requested(reference, order.orderId(), lineNo,
                Claim.Kind.TOP_UP, providerName, plan, order.topUpIccid(), cause, outcomes.now()));
        Claim claim = claimed.claim();
        if (claimed.isNew()) {
            crash.reached(CrashPoint.AFTER_CLAIM);
        }
        if (claim.state() != Claim.State.REQUESTED) {
            outcomes.publish(claim, step);
            return;
        }
        EsimProvider provider = providers.get(claim.provider());
        try {
            // No lookup API for top-ups: the idempotency key alone makes a repeated call replay the first answer.
            claim.attempted();
            store.save(claim);
            TopUpResult result = provider.topUp(new TopUpRequest(claim.topUpIccid(), plan.sku(), reference,
                    IdempotencyKeys.topUp(reference)));
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
            outcomes.fail(claim, "insufficient_balance", e.getMessage(), cause, step);
        } catch (ProviderRejectedException e) {
            metrics.providerError(provider.name(), e.code());
            outcomes.fail(claim, "provider_rejected", e.getMessage(), cause, step);
        } catch (ProviderException e) {
            metrics.providerError(provider.name(), e.code());
            throw e;
        }
    }
}
