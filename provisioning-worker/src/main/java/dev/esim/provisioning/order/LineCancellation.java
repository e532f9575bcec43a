package dev.esim.provisioning.order;

import dev.esim.provider.CancelResult;
import dev.esim.provider.EsimProvider;
import dev.esim.provider.IdempotencyKeys;
import dev.esim.provider.ProviderException;
import dev.esim.provider.ProviderRegistry;
import dev.esim.provider.ProviderRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels an issued line at the provider that issued it: a line the traveller was refunded for, or one support asked
 * to cancel — and a line the provider issued only after its claim had failed (its deadline passed, its money went
 * back), which nobody will ever receive.
 */
final class LineCancellation {

    private static final Logger LOG = LoggerFactory.getLogger(LineCancellation.class);

    private final ProviderRegistry providers;
    private final ProvisioningStore store;
    private final ProvisioningMetrics metrics;
    private final ClaimOutcomes outcomes;

    LineCancellation(ProviderRegistry providers, ProvisioningStore store, ProvisioningMetrics metrics,
                     ClaimOutcomes outcomes) {
        this.providers = providers;
        this.store = store;
        this.metrics = metrics;
        this.outcomes = outcomes;
    }

    void cancel(Claim claim, String cause, Step step) {
        EsimProvider provider = providers.get(claim.provider());
        try {
            CancelResult result = provider.cancelIfUnused(claim.iccid(), IdempotencyKeys.cancel(claim.reference()));
            claim.cancelled(result.refunded(), ClaimOutcomes.eventId(cause, Outcome.LineCancelled.class, claim), cause,
                    outcomes.now());
            store.save(claim);
            metrics.outcome("cancelled", result.refunded() ? "provider_refunded" : "not_refunded");
            outcomes.publish(claim, step);
        } catch (ProviderRejectedException e) {
            // Installed profiles cannot be cancelled (provider policy): the traveller keeps the line they installed.
            metrics.providerError(provider.name(), e.code());
            metrics.outcome("cancel_refused", e.code());
            LOG.warn("claim={} iccid={} outcome=cancel_refused code={}", claim.reference(), claim.iccid(), e.code());
            outcomes.publish(claim, step);
        } catch (ProviderException e) {
            metrics.providerError(provider.name(), e.code());
            throw e;
        }
    }

    /**
     * Cancels {@code iccid}, issued for a claim that had already failed. The claim stays failed and nothing is
     * published about the line: it was never announced, so downstream has nothing to take back. A technical fault is
     * thrown, so the callback is retried; a refusal is logged for support.
     */
    void cancelLateLine(Claim claim, String iccid) {
        EsimProvider provider = providers.get(claim.provider());
        try {
            CancelResult result = provider.cancelIfUnused(iccid, IdempotencyKeys.cancel(claim.reference()));
            metrics.outcome("late_line_cancelled", result.refunded() ? "provider_refunded" : "not_refunded");
            LOG.warn("claim={} iccid={} outcome=late_line_cancelled reason=claim_already_failed", claim.reference(),
                    iccid);
        } catch (ProviderRejectedException e) {
            metrics.providerError(provider.name(), e.code());
            metrics.outcome("cancel_refused", e.code());
            LOG.error("claim={} iccid={} outcome=late_line_cancel_refused code={}", claim.reference(), iccid,
                    e.code());
        } catch (ProviderException e) {
            metrics.providerError(provider.name(), e.code());
            throw e;
        }
    }
}
