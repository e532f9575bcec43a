package dev.esim.sandbox.gateway;

import dev.esim.sandbox.state.Journal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the gateway writes to its {@link Journal} ({@code gateway.jsonl}) and reads back on start: sessions,
 * PaymentIntents, charges, refunds, disputes, the events it emitted with their delivery state, "pay later"
 * settlements still to come, and the API's idempotency keys with their answers. Read once, when the gateway is wired;
 * {@link Ledger}, {@link IdempotencyStore} and {@link WebhookDispatcher} take their parts from {@link #restored()}.
 */
final class GatewayJournal {

    // events are Stripe objects built of Long amounts and timestamps: read numbers back as Long, as they were built
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS).build();

    record DeliveryRecord(int attempts, Integer lastStatus, boolean delivered, boolean gaveUp) {
    }

    /** A "pay later" payment that settles at {@code due} into success or failure. */
    record Settlement(String sessionId, boolean succeeds, Instant due) {
    }

    record Restored(List<SessionState> sessions, List<PaymentIntentState> paymentIntents, List<ChargeState> charges,
            List<RefundState> refunds, List<DisputeState> disputes, List<WebhookEvent> events,
            List<Settlement> settlements, Map<String, IdempotencyStore.Entry> idempotency) {

        static Restored empty() {
            return new Restored(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), Map.of());
        }
    }

    private final Journal journal;
    private final Restored restored;

    GatewayJournal(Journal journal) {
        this.journal = journal;
        this.restored = read(journal.replayed());
    }

    /** A journal that keeps nothing (no {@code sandbox.state-dir}). */
    static GatewayJournal disabled() {
        return new GatewayJournal(Journal.disabled());
    }

    Restored restored() {
        return restored;
    }

    <T> T atomically(Supplier<T> change) {
        return journal.atomically(change);
    }

    void atomically(Runnable change) {
        journal.atomically(change);
    }

    void session(SessionState s) {
        journal.put("session", s.id(), s);
    }

    void paymentIntent(PaymentIntentState pi) {
        journal.put("payment_intent", pi.id(), pi);
    }

    void charge(ChargeState c) {
        journal.put("charge", c.id(), c);
    }

    void refund(RefundState r) {
        journal.put("refund", r.id(), r);
    }

    void dispute(DisputeState d) {
        journal.put("dispute", d.id(), d);
    }

    /** The event as emitted; written once, its delivery state goes to {@link #delivery}. */
    void event(WebhookEvent e) {
        if (journal.enabled()) {
            journal.put("event", e.id(), e.envelope());
        }
    }

    void delivery(WebhookEvent e) {
        journal.put("delivery", e.id(), new DeliveryRecord(e.attempts(), e.lastStatus(), e.delivered(), e.gaveUp()));
    }

    void settlement(Settlement s) {
        journal.put("settlement", s.sessionId(), s);
    }

    void settled(String sessionId) {
        journal.remove("settlement", sessionId);
    }

    void idempotency(String scopedKey, IdempotencyStore.Entry entry) {
        journal.put("idempotency", scopedKey, entry);
    }

    void forgetIdempotency(String scopedKey) {
        journal.remove("idempotency", scopedKey);
    }

    @SuppressWarnings("unchecked")
    private static Restored read(List<Journal.Entry> entries) {
        if (entries.isEmpty()) {
            return Restored.empty();
        }
        List<SessionState> sessions = new ArrayList<>();
        List<PaymentIntentState> paymentIntents = new ArrayList<>();
        List<ChargeState> charges = new ArrayList<>();
        List<RefundState> refunds = new ArrayList<>();
        List<DisputeState> disputes = new ArrayList<>();
        Map<String, WebhookEvent> events = new LinkedHashMap<>();
        Map<String, DeliveryRecord> deliveries = new LinkedHashMap<>();
        List<Settlement> settlements = new ArrayList<>();
        Map<String, IdempotencyStore.Entry> idempotency = new LinkedHashMap<>();
        for (Journal.Entry entry : entries) {
            switch (entry.kind()) {
                case "session" -> sessions.add(JSON.treeToValue(entry.data(), SessionState.class));
                case "payment_intent" -> paymentIntents.add(JSON.treeToValue(entry.data(), PaymentIntentState.class));
                case "charge" -> charges.add(JSON.treeToValue(entry.data(), ChargeState.class));
                case "refund" -> refunds.add(JSON.treeToValue(entry.data(), RefundState.class));
                case "dispute" -> disputes.add(JSON.treeToValue(entry.data(), DisputeState.class));
                case "event" -> events.put(entry.id(),
                        new WebhookEvent(JSON.treeToValue(entry.data(), LinkedHashMap.class)));
                case "delivery" -> deliveries.put(entry.id(), JSON.treeToValue(entry.data(), DeliveryRecord.class));
                case "settlement" -> settlements.add(JSON.treeToValue(entry.data(), Settlement.class));
                case "idempotency" -> idempotency.put(entry.id(),
                        JSON.treeToValue(entry.data(), IdempotencyStore.Entry.class));
                default -> throw new IllegalStateException("unknown record kind in the gateway journal: "
                        + entry.kind());
            }
        }
        deliveries.forEach((id, d) -> {
            WebhookEvent event = events.get(id);
            if (event != null) {
                event.restoreDelivery(d.attempts(), d.lastStatus(), d.delivered(), d.gaveUp());
            }
        });
        return new Restored(sessions, paymentIntents, charges, refunds, disputes, List.copyOf(events.values()),
                settlements, idempotency);
    }
}
