package dev.esim.provisioning.order;

import dev.esim.provider.EsimProvider;
import dev.esim.provider.IdempotencyKeys;
import dev.esim.provider.InsufficientBalanceException;
import dev.esim.provider.Money;
import dev.esim.provider.OutOfStockException;
import dev.esim.provider.ProviderException;
import dev.esim.provider.ProviderOrder;
import dev.esim.provider.ProviderPlan;
import dev.esim.provider.ProviderRegistry;
import dev.esim.provider.ProviderRejectedException;
import dev.esim.provider.ProvisionRequest;
import dev.esim.provider.ProvisionResult;
import dev.esim.provider.ProvisionedLine;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues one eSIM for one order line, effectively once.
 *
 * <ol>
 *   <li>A claim row is committed before the provider is called. The provider's idempotency key is derived from the
 *       claim's reference (our order id), so a repeated call replays the first answer instead of issuing again.</li>
 *   <li>A claim that is still {@code REQUESTED} after a call was attempted is in doubt (crash, timeout): the
 *       provider is asked for the order by reference before anything is called again.</li>
 *   <li>Business refusals become {@code ProvisioningFailed} outcomes; technical faults are thrown as
 *       {@link ProviderException}s for the error handler to retry with back-off and finally dead-letter.</li>
 * </ol>
 */
final class LineProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(LineProvisioner.class);

    private final ProviderRegistry providers;
    private final String primaryProvider;
    private final ProvisioningStore store;
    private final CredentialVault vault;
    private final ProvisioningPolicy policy;
    private final ProviderCircuits circuits;
    private final ProvisioningMetrics metrics;
    private final CrashPoint crash;
    private final ClaimOutcomes outcomes;
    private final LineCancellation cancellation;
    private final BalanceWatch balance;

    LineProvisioner(ProviderRegistry providers, String primaryProvider, ProvisioningStore store,
                    CredentialVault vault, ProvisioningPolicy policy, ProviderCircuits circuits,
                    ProvisioningMetrics metrics, CrashPoint crash, ClaimOutcomes outcomes,
                    LineCancellation cancellation, BalanceWatch balance) {
        this.providers = providers;
        this.primaryProvider = primaryProvider;
        this.store = store;
        this.vault = vault;
        this.policy = policy;
        this.circuits = circuits;
        this.metrics = metrics;
        this.crash = crash;
        this.outcomes = outcomes;
        this.cancellation = cancellation;
        this.balance = balance;
    }

    /** Claims line {@code lineNo} of a paid order (once) and drives its claim as far as it goes now. */
    void provision(PlacedOrder order, int lineNo, PlanSpec plan, String cause, Step step) {
        String reference = PlacedOrder.reference(order.orderId(), lineNo);
        Instant now = outcomes.now();
        ProvisioningStore.Claimed claimed = store.claim(Claim.requested(reference, order.orderId(), lineNo,
                Claim.Kind.LINE, primaryProvider, plan, null, cause, now, now.plus(policy.firstCheckAfter())));
        Claim claim = claimed.claim();
        if (claimed.isNew()) {
            crash.reached(CrashPoint.AFTER_CLAIM);
        }
        switch (claim.state()) {
            case REQUESTED, AWAITING_PROVIDER -> attempt(claim, step);
            case PENDING -> LOG.debug("claim={} outcome=awaiting_provider_callback", reference);
            default -> deliver(claim, claim.causeEventId(), step);
        }
    }

    /**
     * The worker's own look at an unsettled line ({@code esim.provisioning-checks.v1}): a pending provider order is
     * polled, a parked or stuck request is tried again. A technical fault while looking only postpones the next look:
     * the claim stays as it is (in doubt if a call was attempted), so nothing is lost by not throwing.
     */
    void check(Claim claim, Step step) {
        try {
            if (claim.state() == Claim.State.PENDING) {
                poll(claim, step);
            } else {
                attempt(claim, step);
            }
        } catch (ProviderException e) {
            metrics.providerError(claim.provider(), e.code());
            Claim current = store.claim(claim.reference()).orElse(claim);
            if (!current.state().settled()) {
                outcomes.waitLonger(current, "provider_unavailable",
                        "provider unreachable while checking: " + e.getMessage(), step);
            }
        }
    }

    /** Asks the provider how a pending order is doing, in case its callback was lost or never comes (eSIM Access). */
    private void poll(Claim claim, Step step) {
        EsimProvider provider = providers.get(claim.provider());
        Optional<ProviderOrder> known = claim.providerOrderId() != null
                ? provider.findOrder(claim.providerOrderId())
                : provider.findOrderByReference(claim.reference());
        if (known.isPresent() && known.get().status() != ProviderOrder.Status.PROCESSING) {
            LOG.info("claim={} provider={} outcome=polled status={}", claim.reference(), provider.name(),
                    known.get().status());
            if (settleKnown(claim, known.get(), step)) {
                attempt(claim, step);
            }
            return;
        }
        outcomes.waitLonger(claim, "provider_timeout", "provider order " + claim.providerOrderId()
                + " still not completed at the deadline", step);
    }


    /**
     * Publishes a settled claim's outcome — unless it is an issued line whose order was refunded while the provider
     * allocated it: then the cancellation is (re)tried and the activation never published, however often the input
     * that found the line is retried after a failed cancel.
     */
    void deliver(Claim claim, String cause, Step step) {
        if (claim.state() == Claim.State.ACTIVE && claim.cancelRequested()) {
            cancellation.cancel(claim, store.refund(claim.orderId()).orElse(cause), step);
            return;
        }
        outcomes.publish(claim, step);
    }

    /** Calls the claim's provider, resolving any doubt first; loops only to fail over to another provider. */
    void attempt(Claim claim, Step step) {
        while (true) {
            EsimProvider provider = providers.get(claim.provider());
            try {
                if (circuits.isOpen(provider.name())) {
                    // Checked before calling: a line never asked for can go elsewhere; one in doubt has to wait.
                    if (claim.attempts() == 0 && failover(claim, "circuit_open")) {
                        continue;
                    }
                    outcomes.park(claim, "provider_unavailable", "circuit open for " + provider.name(), step);
                    return;
                }
                if (claim.attempts() > 0) {
                    // An earlier call may have reached the provider (crash, timeout): ask before calling again.
                    Optional<ProviderOrder> known = provider.findOrderByReference(claim.reference());
                    if (known.isPresent()) {
                        LOG.info("claim={} provider={} outcome=found_at_provider status={}", claim.reference(),
                                provider.name(), known.get().status());
                        if (settleKnown(claim, known.get(), step)) {
                            continue;
                        }
                        return;
                    }
                }
                claim.attempted();
                store.save(claim);
                ProvisionResult result = provider.provision(new ProvisionRequest(claim.reference(),
                        claim.plan().sku(), IdempotencyKeys.provision(claim.reference())));
                crash.reached(CrashPoint.AFTER_PROVIDER_CALL);
                if (result instanceof ProvisionResult.Completed done) {
                    complete(claim, done.providerOrderId(), done.line(), claim.causeEventId(), step);
                } else {
                    claim.pending(result.providerOrderId(), outcomes.now().plus(policy.firstCheckAfter()));
                    store.save(claim);
                    metrics.outcome("pending", "async_activation");
                    LOG.info("claim={} provider={} provider_order={} outcome=pending", claim.reference(),
                            provider.name(), result.providerOrderId());
                }
                return;
            } catch (OutOfStockException e) {
                metrics.providerError(provider.name(), e.code());
                if (failover(claim, "out_of_stock")) {
                    continue;
                }
                outcomes.fail(claim, "out_of_stock", e.getMessage(), claim.causeEventId(), step);
                return;
            } catch (InsufficientBalanceException e) {
                metrics.providerError(provider.name(), e.code());
                balance.check(provider, claim.orderId(), claim.causeEventId(), true, step);
                if (failover(claim, "insufficient_balance")) {
                    continue;
                }
                outcomes.park(claim, "insufficient_balance", e.getMessage(), step);
                return;
            } catch (ProviderRejectedException e) {
                metrics.providerError(provider.name(), e.code());
                outcomes.fail(claim, "provider_rejected", e.getMessage(), claim.causeEventId(), step);
                return;
            } catch (ProviderException e) {
                // Technical fault: the claim stays REQUESTED, so the retry asks the provider first.
                metrics.providerError(provider.name(), e.code());
                throw e;
            }
        }
    }

    /** Settles a claim from what the provider reports; returns true when it failed over and must be attempted again. */
    private boolean settleKnown(Claim claim, ProviderOrder order, Step step) {
        switch (order.status()) {
            case COMPLETED -> {
                ProvisionedLine line = order.line().orElseThrow(() -> new IllegalStateException(
                        "provider reports order " + order.providerOrderId() + " completed without a line"));
                complete(claim, order.providerOrderId(), line, claim.causeEventId(), step);
                return false;
            }
            case PROCESSING -> {
                if (claim.state() != Claim.State.PENDING) {
                    claim.pending(order.providerOrderId(), outcomes.now().plus(policy.firstCheckAfter()));
                    store.save(claim);
                }
                return false;
            }
            default -> {
                if (failover(claim, "provider_failed")) {
                    return true;
                }
                outcomes.fail(claim, "provider_failed", "provider order " + order.providerOrderId() + " failed",
                        claim.causeEventId(), step);
                return false;
            }
        }
    }

    /** The provider issued the line: record it, then deliver it, or cancel it if the order was refunded meanwhile. */
    void complete(Claim claim, String providerOrderId, ProvisionedLine line, String cause, Step step) {
        Instant now = outcomes.now();
        claim.activate(providerOrderId, line.iccid(), vault.seal(line.lpa(), claim.reference()), line.validFrom(),
                line.expiresAt(), ClaimOutcomes.eventId(cause, Outcome.ActivationReady.class, claim), cause, now);
        store.save(claim);
        metrics.provisioned(claim.provider(), Duration.between(claim.createdAt(), now));
        metrics.outcome("active", claim.providersTried().size() > 1 ? "failover" : "ok");
        LOG.info("claim={} provider={} iccid={} outcome=active", claim.reference(), claim.provider(), line.iccid());
        crash.reached(CrashPoint.AFTER_CLAIM_UPDATE);
        deliver(claim, cause, step);
        if (!claim.cancelRequested()) {
            balance.check(providers.get(claim.provider()), claim.orderId(), cause, false, step);
        }
    }

    /**
     * Moves the claim to an equivalent plan at another provider, when failover is on and one exists. Only called
     * when the current provider certainly did not issue a line (refusal, failed order, or a call never made).
     */
    boolean failover(Claim claim, String reason) {
        if (!policy.failover() || claim.kind() != Claim.Kind.LINE) {
            return false;
        }
        PlanSpec plan = claim.plan();
        ProviderPlan original = new ProviderPlan(claim.provider(), plan.sku(), plan.planName(),
                new TreeSet<>(plan.coverage()), plan.dataAllowanceMb(), plan.validityDays(),
                new Money(BigDecimal.ZERO, "USD"), true);
        Optional<ProviderRegistry.Alternative> alternative = providers.findEquivalent(original)
                .filter(a -> !claim.providersTried().contains(a.provider().name()));
        if (alternative.isEmpty()) {
            LOG.info("claim={} provider={} failover=none reason={}", claim.reference(), claim.provider(), reason);
            return false;
        }
        ProviderPlan to = alternative.get().plan();
        String from = claim.provider();
        claim.switchProvider(to.provider(), new PlanSpec(to.sku(), to.name(), List.copyOf(new TreeSet<>(to.coverage())),
                to.dataAllowanceMb(), to.validityDays()));
        store.save(claim);
        metrics.failover(from, to.provider());
        LOG.warn("claim={} failover from={} to={} sku={} reason={}", claim.reference(), from, to.provider(), to.sku(),
                reason);
        return true;
    }
}
