package dev.esim.provisioning.order;

import dev.esim.provider.EsimProvider;
import dev.esim.provider.ProviderRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a paid order into exactly one eSIM per line, effectively once, whatever the input stream does (duplicates,
 * reordering, replays) and wherever the worker crashes. This class only routes: each kind of input has its own room.
 *
 * <table>
 *   <caption>Where each input is decided</caption>
 *   <tr><th>input</th><th>room</th></tr>
 *   <tr><td>{@code OrderPlaced}, {@code PaymentSucceeded}, {@code PaymentFailed}</td><td>{@link PaymentHandler}
 *       (new lines: {@link LineProvisioner}, top-ups: {@link TopUps})</td></tr>
 *   <tr><td>{@code RefundSucceeded}</td><td>{@link RefundHandler}</td></tr>
 *   <tr><td>{@code LineCancellationRequested} (support cancels one line)</td>
 *       <td>{@link LineCancellationRequestHandler}</td></tr>
 *   <tr><td>provider {@code ActivationReady} / {@code OrderFailed}</td><td>{@link ProviderCallbackHandler}</td></tr>
 *   <tr><td>the worker's own {@code ClaimCheckDue}</td><td>{@link CheckHandler} (poll a pending order, retry a
 *       parked or stuck one, fail it at its deadline)</td></tr>
 * </table>
 *
 * <p>Every room publishes through {@link ClaimOutcomes}: a settled claim publishes its outcome again only when the
 * transaction that last carried it did not commit (see {@link Delivery}). Calls for one order are made by one thread
 * at a time: all input topics are keyed by order id and co-partitioned, so one consumer owns all of an order's events
 * (see the README).
 */
public final class ProvisioningService {

    private static final Logger LOG = LoggerFactory.getLogger(ProvisioningService.class);

    private final ProvisioningStore store;
    private final PaymentHandler payments;
    private final RefundHandler refunds;
    private final LineCancellationRequestHandler lineCancellations;
    private final ProviderCallbackHandler callbacks;
    private final CheckHandler checks;

    ProvisioningService(ProviderRegistry providers, ProvisioningStore store, CredentialVault vault,
                        ProvisioningPolicy policy, ProviderCircuits circuits, ProvisioningMetrics metrics,
                        CrashPoint crash, Clock clock) {
        Objects.requireNonNull(providers, "providers");
        this.store = Objects.requireNonNull(store, "store");
        Objects.requireNonNull(vault, "vault");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(circuits, "circuits");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(crash, "crash");
        Objects.requireNonNull(clock, "clock");
        String primary = providers.all().stream().findFirst().map(EsimProvider::name)
                .orElseThrow(() -> new IllegalArgumentException("at least one provider must be configured"));
        ClaimOutcomes outcomes = new ClaimOutcomes(store, vault, metrics, policy, clock);
        BalanceWatch balance = new BalanceWatch(store, policy, metrics, clock);
        LineCancellation cancellation = new LineCancellation(providers, store, metrics, outcomes);
        LineProvisioner lines = new LineProvisioner(providers, primary, store, vault, policy, circuits, metrics, crash,
                outcomes, cancellation, balance);
        TopUps topUps = new TopUps(providers, primary, store, metrics, crash, outcomes, balance, policy,
                circuits);
        this.payments = new PaymentHandler(store, policy, metrics, lines, topUps, clock);
        this.refunds = new RefundHandler(store, metrics, outcomes, cancellation);
        this.lineCancellations = new LineCancellationRequestHandler(store, metrics, outcomes, cancellation);
        this.callbacks = new ProviderCallbackHandler(store, metrics, outcomes, lines, cancellation);
        this.checks = new CheckHandler(store, metrics, lines, topUps, outcomes);
    }

    /**
     * Acts on one input event and returns the outcome events to publish in the same Kafka transaction that commits
     * the input's offset. Throws {@link dev.esim.provider.ProviderException} (retryable ones) for technical faults and
     * {@link UnprocessableEventException} for inputs that can never be processed.
     */
    public List<Outcome> handle(Inbound event, Delivery delivery) {
        Step step = new Step(delivery);
        if (event instanceof Inbound.OrderPlaced e) {
            payments.onOrderPlaced(e, step);
        } else if (event instanceof Inbound.PaymentSucceeded e) {
            payments.onPaymentSucceeded(e, step);
        } else if (event instanceof Inbound.PaymentFailed e) {
            payments.onPaymentFailed(e);
        } else if (event instanceof Inbound.RefundSucceeded e) {
            refunds.onRefund(e, step);
        } else if (event instanceof Inbound.LineCancellationRequested e) {
            lineCancellations.onRequest(e, step);
        } else if (event instanceof Inbound.ProviderActivationReady e) {
            callbacks.onActivation(e, step);
        } else if (event instanceof Inbound.ProviderOrderFailed e) {
            callbacks.onOrderFailed(e, step);
        } else if (event instanceof Inbound.CustomerDataErased e) {
            int erased = store.eraseActivationCodes(e.orderId());
            LOG.info("order={} outcome=customer_data_erased activation_codes={}", e.orderId(), erased);
        } else if (event instanceof Inbound.ClaimCheckDue e) {
            checks.onCheck(e, step);
        } else if (event instanceof Inbound.Ignored e) {
            LOG.debug("event={} kind={} outcome=ignored", e.eventId(), e.what());
        }
        return step.outcomes();
    }

    /** The input at {@code position} was dead-lettered: outcomes it decided were never published with it. */
    public void abandon(RecordPosition position) {
        int claims = store.forgetEmission(position);
        if (claims > 0) {
            LOG.warn("input={} outcome=dead_lettered claims_to_republish={}", position, claims);
        }
    }
}
