package dev.esim.provisioning.order;

import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orders and payments: an order is provisioned once both its {@code OrderPlaced} and a successful payment are known,
 * whichever arrives first (they travel on different topics from different producers).
 */
final class PaymentHandler {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentHandler.class);

    private final ProvisioningStore store;
    private final ProvisioningPolicy policy;
    private final ProvisioningMetrics metrics;
    private final LineProvisioner lines;
    private final TopUps topUps;

    PaymentHandler(ProvisioningStore store, ProvisioningPolicy policy, ProvisioningMetrics metrics,
                   LineProvisioner lines, TopUps topUps) {
        this.store = store;
        this.policy = policy;
        this.metrics = metrics;
        this.lines = lines;
        this.topUps = topUps;
    }

    void onOrderPlaced(Inbound.OrderPlaced e, Step step) {
        store.saveOrder(e.order());
        String orderId = e.order().orderId();
        Optional<String> payment = store.payment(orderId);
        if (payment.isPresent()) {
            provision(store.order(orderId).orElseThrow(), payment.get(), step);
        }
    }

    void onPaymentSucceeded(Inbound.PaymentSucceeded e, Step step) {
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
        provision(order.get(), cause, step);
    }

    void onPaymentFailed(Inbound.PaymentFailed e) {
        // Never provisions; catalog-service tells the traveller. Counted so a spike is visible.
        metrics.outcome("payment_failed", e.reason() != null ? e.reason() : "unknown");
    }

    private void provision(PlacedOrder order, String cause, Step step) {
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
                topUps.apply(order, lineNo, plans.get(lineNo), cause, step);
            } else {
                lines.provision(order, lineNo, plans.get(lineNo), cause, step);
            }
        }
    }
}
