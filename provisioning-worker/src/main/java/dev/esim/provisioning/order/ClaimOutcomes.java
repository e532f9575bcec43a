package dev.esim.provisioning.order;

import dev.esim.events.EventIds;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a settled claim's outcome event exactly once to {@code read_committed} readers, settles claims as
 * failed, and parks the ones the provider cannot serve yet (lines and top-ups alike). The outcome keeps the id
 * derived when it was decided, so a republication is the same event.
 */
final class ClaimOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimOutcomes.class);

    private final ProvisioningStore store;
    private final CredentialVault vault;
    private final ProvisioningMetrics metrics;
    private final ProvisioningPolicy policy;
    private final Clock clock;

    ClaimOutcomes(ProvisioningStore store, CredentialVault vault, ProvisioningMetrics metrics,
                  ProvisioningPolicy policy, Clock clock) {
        this.store = store;
        this.vault = vault;
        this.metrics = metrics;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * Adds the claim's outcome to this transaction unless an earlier, committed transaction already carried it.
     * The claim remembers this input as the carrier <em>before</em> the Kafka commit: if that commit never
     * happens, the consumer group's offset stays at or before this input, which is exactly how the next attempt
     * knows to publish again.
     */
    void publish(Claim claim, Step step) {
        if (!claim.hasOutcome()) {
            return;
        }
        Delivery delivery = step.delivery();
        RecordPosition carrier = claim.emittedBy();
        if (delivery.publishedBefore(carrier)) {
            LOG.debug("claim={} outcome_event={} already_published_by={}", claim.reference(), claim.outcomeEventId(),
                    carrier);
            return;
        }
        if (claim.state() == Claim.State.ACTIVE && claim.sealedLpa() == null) {
            // published before, then erased on the customer's request: the code is gone and is not sent again
            LOG.warn("claim={} outcome_event={} outcome=not_republished_activation_code_erased", claim.reference(),
                    claim.outcomeEventId());
            return;
        }
        claim.emittedBy(delivery.position());
        store.save(claim);
        step.emit(outcomeOf(claim));
    }

    /** Settles the claim as failed for a business reason and publishes {@code ProvisioningFailed}. */
    void fail(Claim claim, String code, String detail, String cause, Step step) {
        claim.fail(code, detail, eventId(cause, Outcome.ProvisioningFailed.class, claim), cause, now());
        store.save(claim);
        metrics.outcome("failed", code);
        LOG.warn("claim={} provider={} outcome=failed reason={}", claim.reference(), claim.provider(), code);
        publish(claim, step);
    }

    /**
     * The provider cannot serve the claim now (no balance, circuit open) and no other provider can: it waits
     * ({@code AWAITING_PROVIDER}, announced once with {@code ProvisioningDelayed}) and is tried again with back-off
     * until its deadline, where it fails.
     */
    void park(Claim claim, String reason, String detail, Step step) {
        Instant now = now();
        Instant deadline = policy.deadlineOf(claim);
        if (!now.isBefore(deadline)) {
            fail(claim, reason, detail, claim.causeEventId(), step);
            return;
        }
        boolean announced = claim.state() == Claim.State.AWAITING_PROVIDER;
        claim.park(reason, detail, policy.nextCheck(claim, announced ? claim.checks() : 0, now));
        store.save(claim);
        if (!announced) {
            metrics.outcome("awaiting_provider", reason);
            LOG.warn("claim={} provider={} outcome=awaiting_provider reason={} retry_until={}", claim.reference(),
                    claim.provider(), reason, deadline);
            step.emit(new Outcome(eventId(claim.causeEventId(), Outcome.ProvisioningDelayed.class, claim),
                    claim.orderId(), claim.causeEventId(), now,
                    new Outcome.ProvisioningDelayed(reason, claim.provider(), detail, deadline)));
        }
    }

    /** The claim still waits: look again later, or fail it once its deadline has passed (the order is refunded). */
    void waitLonger(Claim claim, String reasonAtDeadline, String detail, Step step) {
        Instant now = now();
        if (!now.isBefore(policy.deadlineOf(claim))) {
            fail(claim, reasonAtDeadline, detail, claim.causeEventId(), step);
            return;
        }
        claim.checkAgainAt(policy.nextCheck(claim, claim.checks(), now));
        store.save(claim);
        LOG.debug("claim={} state={} next_check_at={}", claim.reference(), claim.state(), claim.nextCheckAt());
    }

    private Outcome outcomeOf(Claim claim) {
        Outcome.Body body = switch (claim.state()) {
            case ACTIVE -> new Outcome.ActivationReady(claim.provider(), claim.iccid(),
                    vault.open(claim.sealedLpa(), claim.reference()), claim.plan(), claim.validFrom(),
                    claim.validUntil());
            case FAILED -> new Outcome.ProvisioningFailed(claim.failureCode(), claim.provider(),
                    claim.failureDetail() != null ? claim.failureDetail() : claim.failureCode());
            case TOPPED_UP -> new Outcome.TopUpApplied(claim.provider(), claim.iccid(), claim.plan().sku(),
                    claim.dataAddedMb(), claim.validUntil());
            case CANCELLED -> new Outcome.LineCancelled(claim.provider(), claim.iccid(), claim.providerRefunded());
            default -> throw new IllegalStateException("claim " + claim.reference() + " has no outcome in state "
                    + claim.state());
        };
        return new Outcome(claim.outcomeEventId(), claim.orderId(), claim.outcomeCauseId(), claim.outcomeAt(), body);
    }

    /** {@code derive(cause, type)} for a first line, {@code derive(cause, type, reference)} for further lines. */
    static String eventId(String cause, Class<? extends Outcome.Body> type, Claim claim) {
        return claim.lineNo() == 0
                ? EventIds.derive(cause, Outcome.typeOf(type))
                : EventIds.derive(cause, Outcome.typeOf(type), claim.reference());
    }

    Instant now() {
        return clock.instant();
    }
}
