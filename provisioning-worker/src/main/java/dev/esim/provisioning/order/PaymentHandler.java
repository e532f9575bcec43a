package dev.esim.provisioning.order;

import dev.esim.events.EventIds;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orders and payments: an order is provisioned once both its {@code OrderPlaced} and a successful payment that
 * <em>matches</em> it (same checkout session, amount and currency) are known, whichever arrives first — they travel on
 * different topics from different producers.
 *
 * <p>A payment that names the order but does not match it (a 1.00 USD payment link carrying the id of a 50 GB order,
 * a foreign session, another currency) never provisions: it is answered with {@code ProvisioningFailed} reason
 * {@value #PAYMENT_MISMATCH}, on which catalog-service refunds that payment. The answer is published once: the
 * payment event remembers the input whose transaction carried it, so a replayed payment or order adds nothing to the
 * topic. Its event id is derived from the payment event, so even a republication after an abort is the same event.
 */
final class PaymentHandler {

    static final String PAYMENT_MISMATCH = "payment_mismatch";

    private static final Logger LOG = LoggerFactory.getLogger(PaymentHandler.class);

    private final ProvisioningStore store;
    private final ProvisioningPolicy policy;
    private final ProvisioningMetrics metrics;
    private final LineProvisioner lines;
    private final TopUps topUps;
    private final Clock clock;

    PaymentHandler(ProvisioningStore store, ProvisioningPolicy policy, ProvisioningMetrics metrics,
                   LineProvisioner lines, TopUps topUps, Clock clock) {
        this.store = store;
        this.policy = policy;
        this.metrics = metrics;
        this.lines = lines;
        this.topUps = topUps;
        this.clock = clock;
    }

    void onOrderPlaced(Inbound.OrderPlaced e, Step step) {
        store.saveOrder(e.order());
        PlacedOrder order = store.order(e.order().orderId()).orElseThrow();
        // Payments may have arrived first: judge each now that the order says what it expects.
        for (ProvisioningStore.ReceivedPayment payment : store.paymentEvents(order.orderId())) {
            judge(order, payment.eventId(), payment.payment(), step);
        }
        provisionIfPaid(order, step);
    }

    void onPaymentSucceeded(Inbound.PaymentSucceeded e, Step step) {
        if (e.livemode() != policy.livemode()) {
            throw new UnprocessableEventException("payment " + e.eventId() + " is livemode=" + e.livemode()
                    + " but this worker runs livemode=" + policy.livemode());
        }
        store.recordPaymentEvent(e.orderId(), e.eventId(), e.payment(), e.paymentIntentId());
        Optional<PlacedOrder> order = store.order(e.orderId());
        if (order.isEmpty()) {
            LOG.info("order={} payment_event={} outcome=awaiting_order_event", e.orderId(), e.eventId());
            return;
        }
        judge(order.get(), e.eventId(), e.payment(), step);
        provisionIfPaid(order.get(), step);
    }

    void onPaymentFailed(Inbound.PaymentFailed e) {
        // Never provisions; catalog-service tells the traveller. Counted so a spike is visible.
        metrics.outcome("payment_failed", e.reason() != null ? e.reason() : "unknown");
    }

    /** Records a matching payment as the order's (the first one is the cause of everything after), or rejects it. */
    private void judge(PlacedOrder order, String paymentEventId, Payment payment, Step step) {
        Payment.Judgement judgement = order.expected() == null
                ? new Payment.Judgement(Payment.Verdict.MATCHES, Optional.empty())
                : order.expected().judge(payment);
        switch (judgement.verdict()) {
            // Several gateway events can report one payment (session completed, async payment succeeded): the first
            // one recorded is the cause of everything that follows, so every one of them derives the same event ids.
            case MATCHES -> store.recordPayment(order.orderId(), paymentEventId);
            case UNVERIFIABLE -> LOG.debug("order={} payment_event={} outcome=unverifiable reason=no_checkout_session",
                    order.orderId(), paymentEventId);
            case MISMATCH -> rejectMismatch(order, paymentEventId, judgement.reason().orElse(PAYMENT_MISMATCH), step);
        }
    }

    private void rejectMismatch(PlacedOrder order, String paymentEventId, String reason, Step step) {
        Delivery delivery = step.delivery();
        RecordPosition carrier = store.rejectionCarrier(order.orderId(), paymentEventId);
        if (delivery.publishedBefore(carrier)) {
            LOG.debug("order={} payment_event={} outcome=payment_mismatch already_published_by={}", order.orderId(),
                    paymentEventId, carrier);
            return;
        }
        store.rejectionCarrier(order.orderId(), paymentEventId, delivery.position());
        metrics.outcome("failed", PAYMENT_MISMATCH);
        LOG.warn("order={} payment_event={} outcome=payment_mismatch reason=\"{}\"", order.orderId(), paymentEventId,
                reason);
        step.emit(new Outcome(EventIds.derive(paymentEventId, Outcome.typeOf(Outcome.ProvisioningFailed.class)),
                order.orderId(), paymentEventId, clock.instant(),
                new Outcome.ProvisioningFailed(PAYMENT_MISMATCH, null, reason)));
    }

    private void provisionIfPaid(PlacedOrder order, Step step) {
        Optional<String> cause = store.payment(order.orderId());
        if (cause.isEmpty()) {
            return;
        }
        Optional<String> refund = store.refund(order.orderId());
        List<PlanSpec> plans = order.lines();
        for (int lineNo = 0; lineNo < plans.size(); lineNo++) {
            if (refund.isPresent() && store.claim(PlacedOrder.reference(order.orderId(), lineNo)).isEmpty()) {
                metrics.outcome("skipped", "refunded_before_provisioning");
                LOG.info("order={} line={} outcome=skipped reason=refunded_before_provisioning", order.orderId(),
                        lineNo);
                continue;
            }
            if (order.kind() == PlacedOrder.Kind.TOP_UP) {
                topUps.apply(order, lineNo, plans.get(lineNo), cause.get(), step);
            } else {
                lines.provision(order, lineNo, plans.get(lineNo), cause.get(), step);
            }
        }
    }
}
