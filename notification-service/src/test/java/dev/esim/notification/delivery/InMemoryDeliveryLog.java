package dev.esim.notification.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.esim.notification.email.Notice;
import dev.esim.notification.email.Template;
import dev.esim.notification.secret.Sealed;

/** The delivery log's rules (see V1__notification.sql and JdbcDeliveryLog) on a map, for unit tests. */
final class InMemoryDeliveryLog implements DeliveryLog {

    static final class Row {
        String eventId;
        String orderId;
        Template template;
        String messageId;
        Notice notice;
        Sealed lpa;
        String resendOf;
        Instant occurredAt;
        Instant receivedAt;
        String status = "pending";
        int attempts;
        Instant nextAttemptAt;
        Instant sendingSince;
        String lastError;
        boolean permanent;
        Instant finishedAt;
        boolean published;
    }

    final Map<String, Row> rows = new LinkedHashMap<>();

    @Override
    public synchronized boolean add(NewDelivery delivery) {
        if (rows.containsKey(delivery.request().eventId())) {
            return false;
        }
        Row row = new Row();
        row.eventId = delivery.request().eventId();
        row.orderId = delivery.request().orderId();
        row.template = delivery.notice().template();
        row.messageId = delivery.messageId();
        row.notice = delivery.notice();
        row.lpa = delivery.request().lpa();
        row.resendOf = delivery.request().resendOf();
        row.occurredAt = delivery.request().occurredAt();
        row.receivedAt = delivery.receivedAt();
        row.nextAttemptAt = delivery.receivedAt();
        rows.put(row.eventId, row);
        return true;
    }

    @Override
    public synchronized List<Sent> activationsOf(String orderId) {
        return rows.values().stream()
                .filter(r -> r.orderId.equals(orderId) && r.template == Template.ACTIVATION_READY
                        && r.resendOf == null && r.lpa != null)
                .sorted(Comparator.comparing((Row r) -> r.occurredAt).thenComparing(r -> r.eventId))
                .map(r -> new Sent(r.eventId, r.occurredAt, r.notice, r.lpa))
                .toList();
    }

    @Override
    public synchronized Optional<Delivery> claimNext(Instant now, Instant staleBefore) {
        Optional<Row> due = rows.values().stream()
                .filter(r -> ("pending".equals(r.status) && !r.nextAttemptAt.isAfter(now))
                        || ("sending".equals(r.status) && !r.sendingSince.isAfter(staleBefore)))
                .min(Comparator.comparing((Row r) -> r.nextAttemptAt));
        return due.map(row -> {
            boolean resumed = "sending".equals(row.status);
            row.status = "sending";
            row.sendingSince = now;
            row.attempts++;
            return new Delivery(row.eventId, row.orderId, row.template, row.messageId, row.notice, row.lpa,
                    row.occurredAt, row.receivedAt, row.attempts, resumed);
        });
    }

    @Override
    public synchronized void markSent(String eventId, Instant acceptedAt) {
        Row row = rows.get(eventId);
        row.status = "sent";
        row.finishedAt = acceptedAt;
    }

    @Override
    public synchronized void markFailed(String eventId, String reason, boolean permanent, Instant at) {
        Row row = rows.get(eventId);
        row.status = "failed";
        row.lastError = reason;
        row.permanent = permanent;
        row.finishedAt = at;
    }

    @Override
    public synchronized void retryLater(String eventId, Instant nextAttemptAt, String reason) {
        Row row = rows.get(eventId);
        row.status = "pending";
        row.nextAttemptAt = nextAttemptAt;
        row.lastError = reason;
    }

    @Override
    public synchronized List<Outcome> unpublished(int limit) {
        List<Outcome> outcomes = new ArrayList<>();
        rows.values().stream()
                .filter(r -> ("sent".equals(r.status) || "failed".equals(r.status)) && !r.published)
                .limit(limit)
                .forEach(r -> outcomes.add(new Outcome(r.eventId, r.orderId, r.template, r.messageId,
                        "sent".equals(r.status), r.lastError, r.permanent, r.finishedAt)));
        return outcomes;
    }

    @Override
    public synchronized void markPublished(List<String> eventIds) {
        eventIds.forEach(eventId -> rows.get(eventId).published = true);
    }

    @Override
    public synchronized long unfinished() {
        return rows.values().stream().filter(r -> "pending".equals(r.status) || "sending".equals(r.status)).count();
    }

    Row row(String eventId) {
        return rows.get(eventId);
    }
}
