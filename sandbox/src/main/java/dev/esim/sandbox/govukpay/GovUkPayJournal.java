package dev.esim.sandbox.govukpay;

import dev.esim.sandbox.state.Journal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the GOV.UK Pay stand-in writes to its {@link Journal} ({@code govukpay.jsonl}) and reads back on start:
 * payments, refunds, the idempotency keys of payment creation, and every webhook message with its delivery state.
 * Read once, when the stand-in is wired; {@link Payments}, {@link IdempotencyKeys} and {@link WebhookMessages} take
 * their parts from {@link #restored()}.
 */
final class GovUkPayJournal {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A payment creation answered under an {@code Idempotency-Key}: the body it came with and what it created. */
    record KeyUse(String body, String paymentId, Instant at) {
    }

    record Restored(List<Payment> payments, List<Refund> refunds, Map<String, KeyUse> keys,
            List<WebhookMessage> messages) {
    }

    private final Journal journal;
    private final Restored restored;

    GovUkPayJournal(Journal journal) {
        this.journal = journal;
        this.restored = read(journal.replayed());
    }

    /** A journal that keeps nothing (no {@code sandbox.state-dir}). */
    static GovUkPayJournal disabled() {
        return new GovUkPayJournal(Journal.disabled());
    }

    Restored restored() {
        return restored;
    }

    <T> T atomically(Supplier<T> change) {
        return journal.atomically(change);
    }

    void payment(Payment p) {
        journal.put("payment", p.paymentId(), p);
    }

    void refund(Refund r) {
        journal.put("refund", r.refundId(), r);
    }

    void key(String scopedKey, KeyUse use) {
        journal.put("idempotency", scopedKey, use);
    }

    void forgetKey(String scopedKey) {
        journal.remove("idempotency", scopedKey);
    }

    /** The message as sent; written once, its delivery state goes to {@link #delivery}. */
    void message(WebhookMessage m) {
        journal.put("message", m.id(), m.sent());
    }

    void delivery(WebhookMessage m) {
        journal.put("delivery", m.id(), m.progress());
    }

    private static Restored read(List<Journal.Entry> entries) {
        List<Payment> payments = new ArrayList<>();
        List<Refund> refunds = new ArrayList<>();
        Map<String, KeyUse> keys = new LinkedHashMap<>();
        Map<String, WebhookMessage> messages = new LinkedHashMap<>();
        Map<String, WebhookMessage.Progress> deliveries = new LinkedHashMap<>();
        for (Journal.Entry entry : entries) {
            switch (entry.kind()) {
                case "payment" -> payments.add(JSON.treeToValue(entry.data(), Payment.class));
                case "refund" -> refunds.add(JSON.treeToValue(entry.data(), Refund.class));
                case "idempotency" -> keys.put(entry.id(), JSON.treeToValue(entry.data(), KeyUse.class));
                case "message" -> messages.put(entry.id(),
                        new WebhookMessage(JSON.treeToValue(entry.data(), WebhookMessage.Sent.class)));
                case "delivery" -> deliveries.put(entry.id(),
                        JSON.treeToValue(entry.data(), WebhookMessage.Progress.class));
                default -> throw new IllegalStateException("unknown record kind in the govukpay journal: "
                        + entry.kind());
            }
        }
        deliveries.forEach((id, progress) -> {
            WebhookMessage message = messages.get(id);
            if (message != null) {
                message.restore(progress);
            }
        });
        // replay lists entities in the order of their last records, and a payment or refund is rewritten when it
        // moves on; the API lists them in creation order. A message is written once, so its order is already right.
        payments.sort((a, b) -> a.createdDate().compareTo(b.createdDate()));
        refunds.sort((a, b) -> a.createdDate().compareTo(b.createdDate()));
        return new Restored(payments, refunds, keys, List.copyOf(messages.values()));
    }
}
