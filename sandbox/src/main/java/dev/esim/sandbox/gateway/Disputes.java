package dev.esim.sandbox.gateway;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Disputes: the payer's bank disputing a payment (a test helper: real Stripe opens them for its dispute test cards),
 * the shop accepting one ({@code POST /v1/disputes/{id}/close}) or answering it with evidence, and
 * {@code GET /v1/disputes/{id}}; {@code charge.dispute.created} and {@code charge.dispute.closed} tell the shop.
 */
final class Disputes {

    private final Clock clock;
    private final LedgerState state;
    private final PaymentIntents payments;
    private final EventLog events;

    Disputes(Clock clock, LedgerState state, PaymentIntents payments, EventLog events) {
        this.clock = clock;
        this.state = state;
        this.payments = payments;
        this.events = events;
    }

    /**
     * The payer's bank disputes the payment of {@code paymentIntentId} in full: {@code charge.dispute.created}, and
     * when {@code outcome} is {@code won} or {@code lost} (not {@code needs_response}) {@code charge.dispute.closed}
     * right after.
     */
    DisputeState open(String paymentIntentId, String reason, String outcome) {
        synchronized (state) {
            if (!List.of("needs_response", "won", "lost").contains(outcome)) {
                throw StripeApiException.invalid("parameter_invalid_string", "status", "Invalid status: " + outcome);
            }
            ChargeState charge = disputableCharge(paymentIntentId);
            DisputeState opened = new DisputeState(StripeJson.id("dp_"), clock.instant().getEpochSecond(),
                    charge.refundable(), charge.currency(), charge.id(), paymentIntentId,
                    reason == null ? "fraudulent" : reason, "needs_response");
            List<WebhookEvent> sent = new ArrayList<>();
            sent.add(events.emit("charge.dispute.created", StripeObjects.dispute(opened), null));
            DisputeState dispute = opened;
            if (!"needs_response".equals(outcome)) {
                dispute = opened.closed(outcome);
                sent.add(events.emit("charge.dispute.closed", StripeObjects.dispute(dispute), null,
                        StripeObjects.obj("status", "under_review")));
            }
            state.put(dispute);
            events.send(sent);
            return dispute;
        }
    }

    /**
     * The shop accepts a dispute: it is lost at once and the money stays with the payer. Closing a closed dispute is
     * refused, as Stripe does.
     */
    DisputeState close(String id) {
        synchronized (state) {
            DisputeState open = openDispute(id);
            DisputeState lost = open.closed("lost");
            state.put(lost);
            events.send(List.of(events.emit("charge.dispute.closed", StripeObjects.dispute(lost), null,
                    StripeObjects.obj("status", open.status()))));
            return lost;
        }
    }

    /**
     * The shop answers a dispute with evidence ({@code submit=true}). Like Stripe's test mode, the sandbox's bank
     * decides at once: lost when the evidence says {@code losing_evidence}, won otherwise. Evidence without
     * {@code submit} is only kept.
     */
    DisputeState update(String id, Map<String, String> evidence, boolean submit) {
        synchronized (state) {
            DisputeState open = openDispute(id);
            if (!submit) {
                return open;
            }
            boolean losing = evidence.values().stream().anyMatch(v -> v != null && v.contains("losing_evidence"));
            DisputeState decided = open.closed(losing ? "lost" : "won");
            state.put(decided);
            events.send(List.of(events.emit("charge.dispute.closed", StripeObjects.dispute(decided), null,
                    StripeObjects.obj("status", "under_review"))));
            return decided;
        }
    }

    DisputeState dispute(String id) {
        synchronized (state) {
            DisputeState dispute = state.dispute(id);
            if (dispute == null) {
                throw StripeApiException.noSuch("dispute", "dispute", id);
            }
            return dispute;
        }
    }

    private ChargeState disputableCharge(String paymentIntentId) {
        PaymentIntentState pi = payments.paymentIntent(paymentIntentId);
        ChargeState charge = pi.latestChargeId() == null ? null : state.charge(pi.latestChargeId());
        if (charge == null || !"succeeded".equals(charge.status())) {
            throw StripeApiException.invalid("charge_not_disputable", "payment_intent",
                    "PaymentIntent " + paymentIntentId + " has no successful charge to dispute.");
        }
        if (state.disputed(charge.id())) {
            throw StripeApiException.invalid("charge_already_disputed", "payment_intent",
                    "Charge " + charge.id() + " is already disputed.");
        }
        return charge;
    }

    private DisputeState openDispute(String id) {
        DisputeState dispute = dispute(id);
        if (!"needs_response".equals(dispute.status())) {
            throw StripeApiException.invalid("dispute_already_closed", null,
                    "This dispute is already closed (" + dispute.status() + ").");
        }
        return dispute;
    }
}
