package dev.esim.provisioning.order;

import dev.esim.events.EventIds;
import dev.esim.provider.Balance;
import dev.esim.provider.CancelResult;
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
import dev.esim.provider.TopUpRequest;
import dev.esim.provider.TopUpResult;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a paid order into exactly one eSIM per line, effectively once, whatever the input stream does
 * (duplicates, reordering, replays) and wherever the worker crashes.
 *
 * <p>The rules, in order of importance:
 * <ol>
 *   <li>A claim row is committed before the provider is called. The provider's idempotency key is derived from the
 *       claim's reference (our order id), so a repeated call replays the first answer instead of issuing again.</li>
 *   <li>A claim that is still {@code REQUESTED} after a call was attempted is in doubt (crash, timeout): the
 *       provider is asked for the order by reference before anything is called again.</li>
 *   <li>A settled claim publishes its outcome again only when the transaction that last carried it did not commit
 *       (see {@link Delivery}); the outcome keeps the id derived when it was decided.</li>
 *   <li>Business refusals become {@code ProvisioningFailed} outcomes; technical faults are thrown as
 *       {@link ProviderException}s for the error handler to retry with back-off and finally dead-letter.</li>
 * </ol>
 *
 * <p>Calls for one order are made by one thread at a time: all input topics are keyed by order id and
 * co-partitioned, so one consumer owns all of an order's events (see the README).
 */
public final class ProvisioningService {

    private static final Logger LOG = LoggerFactory.getLogger(ProvisioningService.class);

    private final ProviderRegistry providers;
    private final String primaryProvider;
    private final ProvisioningStore store;
    private final CredentialVault vault;
    private final ProvisioningPolicy policy;
    private final ProviderCircuits circuits;
    private final ProvisioningMetrics metrics;
    private final CrashPoint crash;
    private final Clock clock;
    private final Map<String, Instant> lastBalanceCheck = new ConcurrentHashMap<>();

    public ProvisioningService(ProviderRegistry providers, ProvisioningStore store, CredentialVault vault,
                               ProvisioningPolicy policy, ProviderCircuits circuits, ProvisioningMetrics metrics,
                               CrashPoint crash, Clock clock) {
        this.providers = Objects.requireNonNull(providers, "providers");
        this.primaryProvider = providers.all().stream().findFirst().map(EsimProvider::name)
                .orElseThrow(() -> new IllegalArgumentException("at least one provider must be configured"));
        this.store = Objects.requireNonNull(store, "store");
        this.vault = Objects.requireNonNull(vault, "vault");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.circuits = Objects.requireNonNull(circuits, "circuits");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.crash = Objects.requireNonNull(crash, "crash");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Acts on one input event and returns the outcome events to publish in the same Kafka transaction that commits
     * the input's offset. Throws {@link ProviderException} (retryable ones) for technical faults and
     * {@link UnprocessableEventException} for inputs that can never be processed.
     */
    public List<Outcome> handle(Inbound event, Delivery delivery) {
        List<Outcome> out = new ArrayList<>();
        if (event instanceof Inbound.OrderPlaced e) {
            onOrderPlaced(e, delivery, out);
        } else if (event instanceof Inbound.PaymentSucceeded e) {
            onPaymentSucceeded(e, delivery, out);
        } else if (event instanceof Inbound.PaymentFailed e) {
            // Never provisions; catalog-service tells the traveller. Counted so a spike is visible.
            metrics.outcome("payment_failed", e.reason() != null ? e.reason() : "unknown");
        } else if (event instanceof Inbound.RefundSucceeded e) {
            onRefund(e, delivery, out);
        } else if (event instanceof Inbound.ProviderActivationReady e) {
            onProviderActivation(e, delivery, out);
        } else if (event instanceof Inbound.ProviderOrderFailed e) {
            onProviderOrderFailed(e, delivery, out);
        } else if (event instanceof Inbound.Ignored e) {
            LOG.debug("event={} kind={} outcome=ignored", e.eventId(), e.what());
        }
        return out;
    }

    /** The input at {@code position} was dead-lettered: outcomes it decided were never published with it. */
    public void abandon(RecordPosition position) {
        int claims = store.forgetEmission(position);
        if (claims > 0) {
            LOG.warn("input={} outcome=dead_lettered claims_to_republish={}", position, claims);
        }
    }

    // --- orders and payments ----------------------------------------------------------------------------------

    private void onOrderPlaced(Inbound.OrderPlaced e, Delivery delivery, List<Outcome> out) {
        store.saveOrder(e.order());
        String orderId = e.order().orderId();
        // The payment may have arrived first (another topic, another producer): provision now that both are known.
        Optional<String> payment = store.payment(orderId);
        if (payment.isPresent()) {
            provision(store.order(orderId).orElseThrow(), payment.get(), delivery, out);
        }
    }

    private void onPaymentSucceeded(Inbound.PaymentSucceeded e, Delivery delivery, List<Outcome> out) {
        if (e.livemode() != policy.livemode()) {
            throw new UnprocessableEventException("payment " + e.eventId() + " is livemode=" + e.livemode()
                    + " but this worker runs livemode=" + policy.livemode());
        }
        // Several gateway events can report one payment (session completed, intent succeeded): the first one
        // recorded is the cause of everything that follows, so every one of them derives the same event ids.
        String cause = store.recordPayment(e.orderId(), e.eventId());
        Optional<PlacedOrder> order = store.order(e.orderId());
        if (order.isEmpty()) {
            LOG.info("order={} payment_event={} outcome=awaiting_order_event", e.orderId(), e.eventId());
            return;
        }
        provision(order.get(), cause, delivery, out);
    }

    private void provision(PlacedOrder order, String cause, Delivery delivery, List<Outcome> out) {
        Optional<String> refund = store.refund(order.orderId());
        List<PlanSpec> lines = order.lines();
        for (int lineNo = 0; lineNo < lines.size(); lineNo++) {
            String reference = PlacedOrder.reference(order.orderId(), lineNo);
            Optional<Claim> existing = store.claim(reference);
            if (existing.isEmpty() && refund.isPresent()) {
                metrics.outcome("skipped", "refunded_before_provisioning");
                LOG.info("order={} line={} outcome=skipped reason=refunded_before_provisioning", order.orderId(),
                        lineNo);
                continue;
            }
            if (order.kind() == PlacedOrder.Kind.TOP_UP) {
                topUp(order, lineNo, reference, lines.get(lineNo), cause, delivery, out);
            } else {
                provisionLine(order, lineNo, reference, lines.get(lineNo), cause, delivery, out);
            }
        }
    }

    private void provisionLine(PlacedOrder order, int lineNo, String reference, PlanSpec plan, String cause,
                               Delivery delivery, List<Outcome> out) {
        ProvisioningStore.Claimed claimed = store.claim(Claim.requested(reference, order.orderId(), lineNo,
                Claim.Kind.LINE, primaryProvider, plan, null, cause, now()));
        Claim claim = claimed.claim();
        if (claimed.isNew()) {
            crash.reached(CrashPoint.AFTER_CLAIM);
        }
        switch (claim.state()) {
            case REQUESTED -> attempt(claim, delivery, out);
            case PENDING -> LOG.debug("claim={} outcome=awaiting_provider_callback", reference);
            default -> ensureVisible(claim, delivery, out);
        }
    }

    /** Calls the claim's provider, resolving any doubt first; loops only to fail over to another provider. */
    private void attempt(Claim claim, Delivery delivery, List<Outcome> out) {
        while (true) {
            EsimProvider provider = providers.get(claim.provider());
            try {
                if (claim.attempts() > 0) {
                    // An earlier call may have reached the provider (crash, timeout): ask before calling again.
                    Optional<ProviderOrder> known = provider.findOrderByReference(claim.reference());
                    if (known.isPresent()) {
                        LOG.info("claim={} provider={} outcome=found_at_provider status={}", claim.reference(),
                                provider.name(), known.get().status());
                        if (settleKnown(claim, known.get(), delivery, out)) {
                            continue;
                        }
                        return;
                    }
                } else if (circuits.isOpen(provider.name()) && failover(claim, "circuit_open")) {
                    continue;
                }
                claim.attempted();
                store.save(claim);
                ProvisionResult result = provider.provision(new ProvisionRequest(claim.reference(),
                        claim.plan().sku(), IdempotencyKeys.provision(claim.reference())));
                crash.reached(CrashPoint.AFTER_PROVIDER_CALL);
                if (result instanceof ProvisionResult.Completed done) {
                    completeLine(claim, done.providerOrderId(), done.line(), claim.causeEventId(), delivery, out);
                } else {
                    claim.pending(result.providerOrderId());
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
                fail(claim, "out_of_stock", e.getMessage(), claim.causeEventId(), delivery, out);
                return;
            } catch (InsufficientBalanceException e) {
                metrics.providerError(provider.name(), e.code());
                checkBalance(provider, claim.orderId(), claim.causeEventId(), true, out);
                if (failover(claim, "insufficient_balance")) {
                    continue;
                }
                fail(claim, "insufficient_balance", e.getMessage(), claim.causeEventId(), delivery, out);
                return;
            } catch (ProviderRejectedException e) {
                metrics.providerError(provider.name(), e.code());
                fail(claim, "provider_rejected", e.getMessage(), claim.causeEventId(), delivery, out);
                return;
            } catch (ProviderException e) {
                // Technical fault: the claim stays REQUESTED, so the retry asks the provider first.
                metrics.providerError(provider.name(), e.code());
                throw e;
            }
        }
    }

    /** Settles a claim from what the provider reports; returns true when it failed over and must be attempted again. */
    private boolean settleKnown(Claim claim, ProviderOrder order, Delivery delivery, List<Outcome> out) {
        switch (order.status()) {
            case COMPLETED -> {
                ProvisionedLine line = order.line().orElseThrow(() -> new IllegalStateException(
                        "provider reports order " + order.providerOrderId() + " completed without a line"));
                completeLine(claim, order.providerOrderId(), line, claim.causeEventId(), delivery, out);
                return false;
            }
            case PROCESSING -> {
                claim.pending(order.providerOrderId());
                store.save(claim);
                return false;
            }
            default -> {
                if (failover(claim, "provider_failed")) {
                    return true;
                }
                fail(claim, "provider_failed", "provider order " + order.providerOrderId() + " failed",
                        claim.causeEventId(), delivery, out);
                return false;
            }
        }
    }

    private void completeLine(Claim claim, String providerOrderId, ProvisionedLine line, String cause,
                              Delivery delivery, List<Outcome> out) {
        Instant now = now();
        claim.activate(providerOrderId, line.iccid(), vault.seal(line.lpa(), claim.reference()), line.validFrom(),
                line.expiresAt(), eventId(cause, Outcome.ActivationReady.class, claim), cause, now);
        store.save(claim);
        metrics.provisioned(claim.provider(), Duration.between(claim.createdAt(), now));
        metrics.outcome("active", claim.providersTried().size() > 1 ? "failover" : "ok");
        LOG.info("claim={} provider={} iccid={} outcome=active", claim.reference(), claim.provider(), line.iccid());
        crash.reached(CrashPoint.AFTER_CLAIM_UPDATE);
        if (claim.cancelRequested()) {
            // Refunded while the provider was still allocating: cancel instead of delivering.
            cancelLine(claim, store.refund(claim.orderId()).orElse(cause), delivery, out);
            return;
        }
        ensureVisible(claim, delivery, out);
        checkBalance(providers.get(claim.provider()), claim.orderId(), cause, false, out);
    }

    private void fail(Claim claim, String code, String detail, String cause, Delivery delivery, List<Outcome> out) {
        claim.fail(code, detail, eventId(cause, Outcome.ProvisioningFailed.class, claim), cause, now());
        store.save(claim);
        metrics.outcome("failed", code);
        LOG.warn("claim={} provider={} outcome=failed reason={}", claim.reference(), claim.provider(), code);
        ensureVisible(claim, delivery, out);
    }

    /**
     * Moves the claim to an equivalent plan at another provider, when failover is on and one exists. Only called
     * when the current provider certainly did not issue a line (refusal, failed order, or a call never made).
     */
    private boolean failover(Claim claim, String reason) {
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

    // --- top-ups --------------------------------------------------------------------------------------------

    private void topUp(PlacedOrder order, int lineNo, String reference, PlanSpec plan, String cause,
                       Delivery delivery, List<Outcome> out) {
        String providerName = store.providerOfLine(order.topUpIccid()).orElse(primaryProvider);
        ProvisioningStore.Claimed claimed = store.claim(Claim.requested(reference, order.orderId(), lineNo,
                Claim.Kind.TOP_UP, providerName, plan, order.topUpIccid(), cause, now()));
        Claim claim = claimed.claim();
        if (claimed.isNew()) {
            crash.reached(CrashPoint.AFTER_CLAIM);
        }
        if (claim.state() != Claim.State.REQUESTED) {
            ensureVisible(claim, delivery, out);
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
                    eventId(cause, Outcome.TopUpApplied.class, claim), cause, now());
            store.save(claim);
            metrics.outcome("topped_up", "ok");
            crash.reached(CrashPoint.AFTER_CLAIM_UPDATE);
            ensureVisible(claim, delivery, out);
        } catch (OutOfStockException e) {
            metrics.providerError(provider.name(), e.code());
            fail(claim, "out_of_stock", e.getMessage(), cause, delivery, out);
        } catch (InsufficientBalanceException e) {
            metrics.providerError(provider.name(), e.code());
            checkBalance(provider, claim.orderId(), cause, true, out);
            fail(claim, "insufficient_balance", e.getMessage(), cause, delivery, out);
        } catch (ProviderRejectedException e) {
            metrics.providerError(provider.name(), e.code());
            fail(claim, "provider_rejected", e.getMessage(), cause, delivery, out);
        } catch (ProviderException e) {
            metrics.providerError(provider.name(), e.code());
            throw e;
        }
    }

    // --- refunds --------------------------------------------------------------------------------------------

    private void onRefund(Inbound.RefundSucceeded e, Delivery delivery, List<Outcome> out) {
        String cause = store.recordRefund(e.orderId(), e.eventId());
        List<Claim> claims = store.claimsOf(e.orderId());
        if (claims.isEmpty()) {
            // Nothing provisioned yet; provision() sees the refund and will never claim this order.
            metrics.outcome("refunded", "before_provisioning");
            return;
        }
        for (Claim claim : claims) {
            if (claim.kind() != Claim.Kind.LINE) {
                continue; // data already added to a line is not taken back
            }
            switch (claim.state()) {
                case ACTIVE -> cancelLine(claim, cause, delivery, out);
                case REQUESTED, PENDING -> {
                    claim.requestCancel();
                    store.save(claim);
                }
                case CANCELLED -> ensureVisible(claim, delivery, out);
                default -> LOG.debug("claim={} state={} refund=nothing_to_cancel", claim.reference(), claim.state());
            }
        }
    }

    private void cancelLine(Claim claim, String cause, Delivery delivery, List<Outcome> out) {
        EsimProvider provider = providers.get(claim.provider());
        try {
            CancelResult result = provider.cancelIfUnused(claim.iccid(), IdempotencyKeys.cancel(claim.reference()));
            claim.cancelled(result.refunded(), eventId(cause, Outcome.LineCancelled.class, claim), cause, now());
            store.save(claim);
            metrics.outcome("cancelled", result.refunded() ? "provider_refunded" : "not_refunded");
            ensureVisible(claim, delivery, out);
        } catch (ProviderRejectedException e) {
            // Installed profiles cannot be cancelled (provider policy): the traveller keeps the line they installed.
            metrics.providerError(provider.name(), e.code());
            metrics.outcome("cancel_refused", e.code());
            LOG.warn("claim={} iccid={} outcome=cancel_refused code={}", claim.reference(), claim.iccid(), e.code());
            ensureVisible(claim, delivery, out);
        } catch (ProviderException e) {
            metrics.providerError(provider.name(), e.code());
            throw e;
        }
    }

    // --- async provider callbacks ---------------------------------------------------------------------------

    private void onProviderActivation(Inbound.ProviderActivationReady e, Delivery delivery, List<Outcome> out) {
        Claim claim = claimFor(e.reference(), e.eventId());
        if (e.provider() != null && !e.provider().equals(claim.provider())) {
            metrics.outcome("callback_ignored", "other_provider");
            LOG.warn("claim={} provider={} callback_from={} outcome=ignored reason=other_provider",
                    claim.reference(), claim.provider(), e.provider());
            return;
        }
        if (claim.state() == Claim.State.REQUESTED || claim.state() == Claim.State.PENDING) {
            completeLine(claim, e.providerOrderId(), ProvisionedLine.fromLpa(e.iccid(), e.lpa(), e.validFrom(),
                    e.expiresAt()), e.eventId(), delivery, out);
        } else {
            ensureVisible(claim, delivery, out);
        }
    }

    private void onProviderOrderFailed(Inbound.ProviderOrderFailed e, Delivery delivery, List<Outcome> out) {
        Claim claim = claimFor(e.reference(), e.eventId());
        if (e.provider() != null && !e.provider().equals(claim.provider())) {
            metrics.outcome("callback_ignored", "other_provider");
            return;
        }
        if (claim.state() == Claim.State.REQUESTED || claim.state() == Claim.State.PENDING) {
            if (failover(claim, "provider_failed")) {
                attempt(claim, delivery, out);
            } else {
                fail(claim, "provider_failed", e.reason() != null ? e.reason() : "provider order failed",
                        e.eventId(), delivery, out);
            }
        } else {
            ensureVisible(claim, delivery, out);
        }
    }

    private Claim claimFor(String reference, String eventId) {
        return store.claim(reference).orElseThrow(() -> new UnprocessableEventException(
                "provider event " + eventId + " concerns reference " + reference
                        + ", which this worker never claimed"));
    }

    // --- publishing -----------------------------------------------------------------------------------------

    /**
     * Adds the claim's outcome to this transaction unless an earlier, committed transaction already carried it.
     * The claim remembers this input as the carrier <em>before</em> the Kafka commit: if that commit never
     * happens, the consumer group's offset stays at or before this input, which is exactly how the next attempt
     * knows to publish again.
     */
    private void ensureVisible(Claim claim, Delivery delivery, List<Outcome> out) {
        if (!claim.hasOutcome()) {
            return;
        }
        RecordPosition carrier = claim.emittedBy();
        if (carrier != null && !carrier.equals(delivery.position()) && delivery.commitLog().isCommitted(carrier)) {
            LOG.debug("claim={} outcome_event={} already_published_by={}", claim.reference(), claim.outcomeEventId(),
                    carrier);
            return;
        }
        claim.emittedBy(delivery.position());
        store.save(claim);
        out.add(outcomeOf(claim));
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

    /**
     * Reads the provider's prepaid balance (at most once per interval unless forced) and warns once when it turns
     * low, before it runs out and blocks provisioning. Best effort: a failed read is logged, never fatal.
     */
    private void checkBalance(EsimProvider provider, String orderId, String cause, boolean force,
                              List<Outcome> out) {
        Instant now = now();
        Instant last = lastBalanceCheck.get(provider.name());
        if (!force && last != null && last.plus(policy.balanceCheckInterval()).isAfter(now)) {
            return;
        }
        lastBalanceCheck.put(provider.name(), now);
        try {
            Balance balance = provider.balance();
            boolean low = balance.isLow() || force;
            metrics.balance(provider.name(), balance.available().amount(), low);
            if (store.balanceTurnedLow(provider.name(), low)) {
                Money threshold = balance.lowBalanceThreshold() != null ? balance.lowBalanceThreshold()
                        : new Money(BigDecimal.ZERO, balance.available().currency());
                LOG.warn("provider={} outcome=balance_low available={} {}", provider.name(),
                        balance.available().amount(), balance.available().currency());
                out.add(new Outcome(EventIds.derive(cause, Outcome.typeOf(Outcome.ProviderBalanceLow.class),
                        provider.name()), orderId, cause, now,
                        new Outcome.ProviderBalanceLow(provider.name(), balance.available(), threshold)));
            }
        } catch (ProviderException e) {
            metrics.providerError(provider.name(), e.code());
            LOG.warn("provider={} balance_check=failed code={}", provider.name(), e.code());
        }
    }

    /** {@code derive(cause, type)} for a first line, {@code derive(cause, type, reference)} for further lines. */
    private static String eventId(String cause, Class<? extends Outcome.Body> type, Claim claim) {
        return claim.lineNo() == 0
                ? EventIds.derive(cause, Outcome.typeOf(type))
                : EventIds.derive(cause, Outcome.typeOf(type), claim.reference());
    }

    private Instant now() {
        return clock.instant();
    }
}
