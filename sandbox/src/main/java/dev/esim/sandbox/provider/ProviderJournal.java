package dev.esim.sandbox.provider;

import dev.esim.sandbox.state.Journal;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What one provider simulator writes to its {@link Journal} and reads back on start: orders, lines, idempotency keys
 * with their stored answers, and the account (balance, cancellation and top-up counters). Profiles issued per
 * reference are not written: each issued line is one, so they are counted from the lines on restore.
 */
final class ProviderJournal {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record OrderRecord(String id, String reference, String sku, Instant createdAt, BigDecimal chargedUsd,
            String status, String failureReason) {
    }

    record LineRecord(String iccid, String orderId, String activationCode, Instant issuedAt, Instant validUntil,
            long allowanceMb, BigDecimal chargedUsd, long extraUsageMb, Instant installedAt, Instant cancelledAt,
            boolean expiringNotified, Set<Integer> thresholdsNotified) {
    }

    record IdempotencyRecord(String endpoint, JsonNode request, int status, JsonNode body,
            Map<String, String> headers) {
    }

    record AccountRecord(BigDecimal balance, long cancellations, long topups) {
    }

    /** The state found on start; empty when there is no journal or it is empty. */
    record Restored(Map<String, SimulatedOrder> orders, Map<String, SimulatedLine> lines,
            Map<String, IdempotentCalls.StoredCall> idempotency, AccountRecord account) {
    }

    private final Journal journal;

    ProviderJournal(Journal journal) {
        this.journal = journal;
    }

    boolean enabled() {
        return journal.enabled();
    }

    <T> T atomically(Supplier<T> change) {
        return journal.atomically(change);
    }

    void atomically(Runnable change) {
        journal.atomically(change);
    }

    void order(SimulatedOrder o) {
        journal.put("order", o.id, new OrderRecord(o.id, o.reference, o.plan.sku(), o.createdAt, o.chargedUsd,
                o.status, o.failureReason));
    }

    void line(SimulatedLine l) {
        journal.put("line", l.iccid, new LineRecord(l.iccid, l.order.id, l.activationCode, l.issuedAt, l.validUntil,
                l.allowanceMb, l.chargedUsd, l.extraUsageMb, l.installedAt, l.cancelledAt, l.expiringNotified,
                l.thresholdsNotified));
    }

    void idempotency(String key, IdempotentCalls.StoredCall call) {
        journal.put("idempotency", key, new IdempotencyRecord(call.endpoint(), call.request(), call.result().status(),
                JSON.valueToTree(call.result().body()), call.result().headers()));
    }

    void account(BigDecimal balance, long cancellations, long topups) {
        journal.put("account", "account", new AccountRecord(balance, cancellations, topups));
    }

    void clear() {
        journal.clear();
    }

    @SuppressWarnings("unchecked")
    Restored restore(Catalogue catalogue) {
        Map<String, SimulatedOrder> orders = new LinkedHashMap<>();
        Map<String, LineRecord> lineRecords = new LinkedHashMap<>();
        Map<String, IdempotentCalls.StoredCall> idempotency = new LinkedHashMap<>();
        AccountRecord account = null;
        for (Journal.Entry entry : journal.replayed()) {
            switch (entry.kind()) {
                case "order" -> {
                    OrderRecord r = JSON.treeToValue(entry.data(), OrderRecord.class);
                    Plan plan = catalogue.find(r.sku()).orElseThrow(() -> new IllegalStateException(
                            "journal order " + r.id() + " has an unknown sku " + r.sku()));
                    SimulatedOrder order = new SimulatedOrder(r.id(), r.reference(), plan, r.createdAt(),
                            r.chargedUsd());
                    order.status = r.status();
                    order.failureReason = r.failureReason();
                    orders.put(order.id, order);
                }
                case "line" -> lineRecords.put(entry.id(), JSON.treeToValue(entry.data(), LineRecord.class));
                case "idempotency" -> {
                    IdempotencyRecord r = JSON.treeToValue(entry.data(), IdempotencyRecord.class);
                    Map<String, Object> body = JSON.treeToValue(r.body(), LinkedHashMap.class);
                    ApiResult result = new ApiResult(r.status(), body,
                            r.headers() == null ? Map.of() : Map.copyOf(r.headers()));
                    // a call without a body (a cancel) was stored with request null, which reads back as JSON null
                    JsonNode request = r.request() == null || r.request().isNull() ? null : r.request();
                    idempotency.put(entry.id(), new IdempotentCalls.StoredCall(r.endpoint(), request, result));
                }
                case "account" -> account = JSON.treeToValue(entry.data(), AccountRecord.class);
                default -> throw new IllegalStateException("unknown record kind in the provider journal: "
                        + entry.kind());
            }
        }
        Map<String, SimulatedLine> lines = new LinkedHashMap<>();
        for (LineRecord r : lineRecords.values()) {
            SimulatedOrder order = orders.get(r.orderId());
            if (order == null) {
                throw new IllegalStateException("journal line " + r.iccid() + " names a missing order " + r.orderId());
            }
            SimulatedLine line = new SimulatedLine(r.iccid(), order, r.activationCode(), r.issuedAt(), r.validUntil(),
                    r.allowanceMb(), r.chargedUsd());
            line.extraUsageMb = r.extraUsageMb();
            line.installedAt = r.installedAt();
            line.cancelledAt = r.cancelledAt();
            line.expiringNotified = r.expiringNotified();
            if (r.thresholdsNotified() != null) {
                line.thresholdsNotified.addAll(r.thresholdsNotified());
            }
            order.line = line;
            lines.put(line.iccid, line);
        }
        if (account != null) {
            account = new AccountRecord(account.balance().setScale(2, RoundingMode.HALF_UP), account.cancellations(),
                    account.topups());
        }
        return new Restored(orders, lines, idempotency, account);
    }
}
