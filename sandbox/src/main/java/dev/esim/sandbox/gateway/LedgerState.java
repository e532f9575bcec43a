package dev.esim.sandbox.gateway;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's objects — Checkout Sessions, PaymentIntents, charges, refunds, disputes — and the ledger's one lock:
 * every read and move holds {@code synchronized (state)}. Each put writes the object's new state to the
 * {@link GatewayJournal} as well; {@link #restore} takes over what the journal held.
 */
final class LedgerState {

    private final GatewayJournal journal;
    private final Map<String, SessionState> sessions = new ConcurrentHashMap<>();
    private final Map<String, PaymentIntentState> paymentIntents = new ConcurrentHashMap<>();
    private final Map<String, ChargeState> charges = new ConcurrentHashMap<>();
    private final Map<String, RefundState> refunds = new ConcurrentHashMap<>();
    private final Map<String, DisputeState> disputesByCharge = new ConcurrentHashMap<>();
    private final Map<String, DisputeState> disputes = new ConcurrentHashMap<>();

    LedgerState(GatewayJournal journal) {
        this.journal = journal;
    }

    GatewayJournal journal() {
        return journal;
    }

    void restore(GatewayJournal.Restored restored) {
        restored.sessions().forEach(s -> sessions.put(s.id(), s));
        restored.paymentIntents().forEach(pi -> paymentIntents.put(pi.id(), pi));
        restored.charges().forEach(c -> charges.put(c.id(), c));
        restored.refunds().forEach(r -> refunds.put(r.id(), r));
        restored.disputes().forEach(d -> {
            disputes.put(d.id(), d);
            disputesByCharge.put(d.chargeId(), d);
        });
    }

    SessionState session(String id) {
        return sessions.get(id);
    }

    Collection<SessionState> sessions() {
        return sessions.values();
    }

    void put(SessionState s) {
        sessions.put(s.id(), s);
        journal.session(s);
    }

    PaymentIntentState paymentIntent(String id) {
        return paymentIntents.get(id);
    }

    void put(PaymentIntentState pi) {
        paymentIntents.put(pi.id(), pi);
        journal.paymentIntent(pi);
    }

    ChargeState charge(String id) {
        return charges.get(id);
    }

    void put(ChargeState c) {
        charges.put(c.id(), c);
        journal.charge(c);
    }

    void add(RefundState refund) {
        refunds.put(refund.id(), refund);
        journal.refund(refund);
    }

    DisputeState dispute(String id) {
        return disputes.get(id);
    }

    boolean disputed(String chargeId) {
        return disputesByCharge.containsKey(chargeId);
    }

    void put(DisputeState dispute) {
        disputes.put(dispute.id(), dispute);
        disputesByCharge.put(dispute.chargeId(), dispute);
        journal.dispute(dispute);
    }
}
