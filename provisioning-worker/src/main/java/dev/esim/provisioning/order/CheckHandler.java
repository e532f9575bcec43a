package dev.esim.provisioning.order;

import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's own look at a claim that is still waiting: no paid line waits silently for a callback that was lost,
 * an input that was dead-lettered, or a provider that had no balance. What the look does depends on the claim's
 * state; a claim that settled since the check was scheduled needs nothing.
 */
final class CheckHandler {

    private static final Logger LOG = LoggerFactory.getLogger(CheckHandler.class);

    private final ProvisioningStore store;
    private final ProvisioningMetrics metrics;
    private final LineProvisioner lines;
    private final TopUps topUps;

    CheckHandler(ProvisioningStore store, ProvisioningMetrics metrics, LineProvisioner lines, TopUps topUps) {
        this.store = store;
        this.metrics = metrics;
        this.lines = lines;
        this.topUps = topUps;
    }

    void onCheck(Inbound.ClaimCheckDue e, Step step) {
        Optional<Claim> found = store.claim(e.reference());
        if (found.isEmpty() || found.get().state().settled()) {
            LOG.debug("claim={} check={} outcome=nothing_to_do", e.reference(), e.eventId());
            return;
        }
        Claim claim = found.get();
        metrics.outcome("checked", claim.state().name().toLowerCase(Locale.ROOT));
        if (claim.kind() == Claim.Kind.TOP_UP) {
            topUps.check(claim, step);
        } else {
            lines.check(claim, step);
        }
    }
}
