package dev.esim.provisioning.order;

import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's own look at a claim that is still waiting: no paid line waits silently for a callback that was lost,
 * an input that was dead-lettered, or a provider that had no balance. What the look does depends on the claim's
 * state. A claim that is settled already has its outcome published like any other input would: nothing when a
 * committed input carried it — but when this very check settled it in a transaction that never committed (a crash,
 * an aborted poll), the check's redelivery is the only input left to publish it.
 */
final class CheckHandler {

    private static final Logger LOG = LoggerFactory.getLogger(CheckHandler.class);

    private final ProvisioningStore store;
    private final ProvisioningMetrics metrics;
    private final LineProvisioner lines;
    private final TopUps topUps;
    private final ClaimOutcomes outcomes;

    CheckHandler(ProvisioningStore store, ProvisioningMetrics metrics, LineProvisioner lines, TopUps topUps,
                 ClaimOutcomes outcomes) {
        this.store = store;
        this.metrics = metrics;
        this.lines = lines;
        this.topUps = topUps;
        this.outcomes = outcomes;
    }

    void onCheck(Inbound.ClaimCheckDue e, Step step) {
        Optional<Claim> found = store.claim(e.reference());
        if (found.isEmpty()) {
            LOG.debug("claim={} check={} outcome=nothing_to_do", e.reference(), e.eventId());
            return;
        }
        Claim claim = found.get();
        if (claim.state().settled()) {
            if (claim.kind() == Claim.Kind.TOP_UP) {
                outcomes.publish(claim, step);
            } else {
                lines.deliver(claim, claim.causeEventId(), step);
            }
            return;
        }
        metrics.outcome("checked", claim.state().name().toLowerCase(Locale.ROOT));
        if (claim.kind() == Claim.Kind.TOP_UP) {
            topUps.check(claim, step);
        } else {
            lines.check(claim, step);
        }
    }
}
