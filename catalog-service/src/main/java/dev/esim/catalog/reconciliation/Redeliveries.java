package dev.esim.catalog.reconciliation;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The ledger of gateway events payment-ingress accepted from us ({@code reconciliation_redeliveries}). */
final class Redeliveries {

    private final JdbcClient jdbc;

    Redeliveries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean done(String eventId) {
        return jdbc.sql("select count(*) from reconciliation_redeliveries where event_id = :id")
                .param("id", eventId).query(Integer.class).single() > 0;
    }

    void record(GatewayEvent event, Instant now) {
        jdbc.sql("""
                        insert into reconciliation_redeliveries (event_id, event_type, object_id, redelivered_at)
                        values (:id, :type, :object, :now) on conflict (event_id) do nothing""")
                .param("id", event.id()).param("type", event.type()).param("object", event.objectId())
                .param("now", Timestamp.from(now)).update();
    }
}
