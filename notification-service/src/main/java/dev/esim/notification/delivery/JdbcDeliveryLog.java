package dev.esim.notification.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.esim.notification.email.Notice;
import dev.esim.notification.email.Template;
import dev.esim.notification.secret.Sealed;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link DeliveryLog} on the {@code email_delivery} table. Every statement commits on its own (auto-commit): the
 * claim must be durable before the SMTP conversation starts, and the outcome as soon as it ends.
 */
final class JdbcDeliveryLog implements DeliveryLog {

    private static final Map<Template, Class<? extends Notice>> NOTICE_TYPES = Map.of(
            Template.ACTIVATION_READY, Notice.ActivationReady.class,
            Template.PROVISIONING_FAILED, Notice.ProvisioningFailed.class,
            Template.TOP_UP_APPLIED, Notice.TopUpApplied.class,
            Template.LINE_CANCELLED, Notice.LineCancelled.class,
            Template.REFUND_SUCCEEDED, Notice.RefundSucceeded.class,
            Template.LINE_USAGE, Notice.LineUsage.class,
            Template.LINE_EXPIRING, Notice.LineExpiring.class);

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    JdbcDeliveryLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean add(NewDelivery delivery) {
        DeliveryRequest request = delivery.request();
        Sealed lpa = request.lpa();
        return jdbc.sql("""
                INSERT INTO email_delivery (event_id, order_id, template, message_id, notice, lpa_key_id,
                    lpa_ciphertext, lpa_associated_data, resend_of, event_occurred_at, received_at, next_attempt_at)
                VALUES (:eventId, :orderId, :template, :messageId, CAST(:notice AS jsonb), :lpaKeyId, :lpaCiphertext,
                    :lpaAssociatedData, :resendOf, :occurredAt, :receivedAt, :receivedAt)
                ON CONFLICT (event_id) DO NOTHING
                """)
                .param("eventId", request.eventId())
                .param("orderId", request.orderId())
                .param("template", delivery.notice().template().id())
                .param("messageId", delivery.messageId())
                .param("notice", json.writeValueAsString(delivery.notice()))
                .param("lpaKeyId", lpa == null ? null : lpa.keyId(), java.sql.Types.VARCHAR)
                .param("lpaCiphertext", lpa == null ? null : lpa.ciphertext(), java.sql.Types.BINARY)
                .param("lpaAssociatedData", lpa == null || lpa.associatedData().equals(request.eventId()) ? null
                        : lpa.associatedData(), java.sql.Types.VARCHAR)
                .param("resendOf", request.resendOf(), java.sql.Types.VARCHAR)
                .param("occurredAt", utc(request.occurredAt()))
                .param("receivedAt", utc(delivery.receivedAt()))
                .update() == 1;
    }

    @Override
    public Optional<Delivery> claimNext(Instant now, Instant staleBefore) {
        // SKIP LOCKED: several instances can dispatch side by side without claiming the same row.
        return jdbc.sql("""
                WITH picked AS (
                    SELECT event_id, status AS previous_status
                    FROM email_delivery
                    WHERE (status = 'pending' AND next_attempt_at <= :now)
                       OR (status = 'sending' AND sending_since <= :staleBefore)
                    ORDER BY next_attempt_at, event_id
                    LIMIT 1
                    FOR UPDATE SKIP LOCKED)
                UPDATE email_delivery d
                SET status = 'sending', sending_since = :now, attempts = d.attempts + 1
                FROM picked
                WHERE d.event_id = picked.event_id
                RETURNING d.*, picked.previous_status
                """)
                .param("now", utc(now))
                .param("staleBefore", utc(staleBefore))
                .query(this::delivery)
                .optional();
    }

    @Override
    public void markSent(String eventId, Instant acceptedAt) {
        jdbc.sql("""
                UPDATE email_delivery SET status = 'sent', finished_at = :at, last_error = NULL, sending_since = NULL
                WHERE event_id = :eventId
                """)
                .param("eventId", eventId)
                .param("at", utc(acceptedAt))
                .update();
    }

    @Override
    public void markFailed(String eventId, String reason, boolean permanent, Instant at) {
        jdbc.sql("""
                UPDATE email_delivery SET status = 'failed', finished_at = :at, last_error = :reason,
                    permanent_failure = :permanent, sending_since = NULL
                WHERE event_id = :eventId
                """)
                .param("eventId", eventId)
                .param("at", utc(at))
                .param("reason", reason)
                .param("permanent", permanent)
                .update();
    }

    @Override
    public void retryLater(String eventId, Instant nextAttemptAt, String reason) {
        jdbc.sql("""
                UPDATE email_delivery SET status = 'pending', next_attempt_at = :next, last_error = :reason,
                    sending_since = NULL
                WHERE event_id = :eventId
                """)
                .param("eventId", eventId)
                .param("next", utc(nextAttemptAt))
                .param("reason", reason)
                .update();
    }

    @Override
    public List<Outcome> unpublished(int limit) {
        return jdbc.sql("""
                SELECT event_id, order_id, template, message_id, status, last_error, permanent_failure, finished_at
                FROM email_delivery
                WHERE status IN ('sent', 'failed') AND NOT published
                ORDER BY finished_at
                LIMIT :limit
                """)
                .param("limit", limit)
                .query((row, rowNum) -> new Outcome(
                        row.getString("event_id"),
                        row.getString("order_id"),
                        Template.byId(row.getString("template")),
                        row.getString("message_id"),
                        "sent".equals(row.getString("status")),
                        row.getString("last_error"),
                        row.getBoolean("permanent_failure"),
                        instant(row, "finished_at")))
                .list();
    }

    @Override
    public void markPublished(List<String> eventIds) {
        if (eventIds.isEmpty()) {
            return;
        }
        jdbc.sql("UPDATE email_delivery SET published = true WHERE event_id IN (:eventIds)")
                .param("eventIds", eventIds)
                .update();
    }

    @Override
    public long unfinished() {
        return jdbc.sql("SELECT count(*) FROM email_delivery WHERE status IN ('pending', 'sending')")
                .query(Long.class)
                .single();
    }

    @Override
    public List<Sent> activationsOf(String orderId) {
        return jdbc.sql("""
                SELECT event_id, event_occurred_at, template, notice, lpa_key_id, lpa_ciphertext, lpa_associated_data
                FROM email_delivery
                WHERE order_id = :orderId AND template = :template AND resend_of IS NULL
                  AND lpa_ciphertext IS NOT NULL
                ORDER BY event_occurred_at, event_id
                """)
                .param("orderId", orderId)
                .param("template", Template.ACTIVATION_READY.id())
                .query((row, rowNum) -> new Sent(row.getString("event_id"), instant(row, "event_occurred_at"),
                        json.readValue(row.getString("notice"), NOTICE_TYPES.get(Template.ACTIVATION_READY)),
                        lpa(row)))
                .list();
    }

    /** The row's sealed activation code, bound to the event it came with; null when there is none (or no more). */
    private static Sealed lpa(ResultSet row) throws SQLException {
        String keyId = row.getString("lpa_key_id");
        if (keyId == null) {
            return null;
        }
        String associatedData = row.getString("lpa_associated_data");
        return new Sealed(keyId, row.getBytes("lpa_ciphertext"),
                associatedData != null ? associatedData : row.getString("event_id"));
    }

    private Delivery delivery(ResultSet row, int rowNum) throws SQLException {
        String eventId = row.getString("event_id");
        Template template = Template.byId(row.getString("template"));
        return new Delivery(
                eventId,
                row.getString("order_id"),
                template,
                row.getString("message_id"),
                json.readValue(row.getString("notice"), NOTICE_TYPES.get(template)),
                lpa(row),
                instant(row, "event_occurred_at"),
                instant(row, "received_at"),
                row.getInt("attempts"),
                "sending".equals(row.getString("previous_status")));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
