package dev.esim.provisioning.order;

import dev.esim.provider.ProvisionedLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An async provider's verdict on a pending claim, delivered by its webhook through payment-ingress. */
final class ProviderCallbackHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderCallbackHandler.class);

    private final ProvisioningStore store;
    private final ProvisioningMetrics metrics;
    private final ClaimOutcomes outcomes;
    private final LineProvisioner lines;
    private final LineCancellation cancellation;

    ProviderCallbackHandler(ProvisioningStore store, ProvisioningMetrics metrics, ClaimOutcomes outcomes,
                            LineProvisioner lines, LineCancellation cancellation) {
        this.cancellation = cancellation;
        this.store = store;
        this.metrics = metrics;
        this.outcomes = outcomes;
        this.lines = lines;
    }

    void onActivation(Inbound.ProviderActivationReady e, Step step) {
        Claim claim = claimFor(e.reference(), e.eventId());
        if (fromAnotherProvider(claim, e.provider())) {
            return;
        }
        if (claim.state() == Claim.State.FAILED) {
            // Issued after we gave up on it (deadline passed; the order is refunded): never delivered, never kept.
            cancellation.cancelLateLine(claim, e.iccid());
            outcomes.publish(claim, step);
            return;
        }
        if (claim.state().settled()) {
            lines.deliver(claim, e.eventId(), step);
            return;
        }
        lines.complete(claim, e.providerOrderId(), ProvisionedLine.fromLpa(e.iccid(), e.lpa(), e.validFrom(),
                e.expiresAt()), e.eventId(), step);
    }

    void onOrderFailed(Inbound.ProviderOrderFailed e, Step step) {
        Claim claim = claimFor(e.reference(), e.eventId());
        if (fromAnotherProvider(claim, e.provider())) {
            return;
        }
        if (claim.state().settled()) {
            outcomes.publish(claim, step);
        } else if (lines.failover(claim, "provider_failed")) {
            lines.attempt(claim, step);
        } else {
            outcomes.fail(claim, "provider_failed", e.reason() != null ? e.reason() : "provider order failed",
                    e.eventId(), step);
        }
    }

    /** A callback about our reference from a provider the claim has since failed over from changes nothing. */
    private boolean fromAnotherProvider(Claim claim, String provider) {
        if (provider == null || provider.equals(claim.provider())) {
            return false;
        }
        metrics.outcome("callback_ignored", "other_provider");
        LOG.warn("claim={} provider={} callback_from={} outcome=ignored reason=other_provider", claim.reference(),
                claim.provider(), provider);
        return true;
    }

    private Claim claimFor(String reference, String eventId) {
        return store.claim(reference).orElseThrow(() -> new UnprocessableEventException(
                "provider event " + eventId + " concerns reference " + reference
                        + ", which this worker never claimed"));
    }
}
