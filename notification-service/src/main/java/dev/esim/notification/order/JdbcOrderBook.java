package dev.esim.notification.order;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import dev.esim.notification.email.Plan;
import dev.esim.notification.secret.Sealed;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** {@link OrderBook} on the {@code customer_order} table. */
final class JdbcOrderBook implements OrderBook {

    private static final TypeReference<List<Plan>> PLANS = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    JdbcOrderBook(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void record(CustomerOrder order) {
        jdbc.sql("""
                INSERT INTO customer_order
                    (order_id, order_event_id, kind, email_key_id, email_ciphertext, items, placed_at)
                VALUES (:orderId, :eventId, :kind, :keyId, :ciphertext, CAST(:items AS jsonb), :placedAt)
                ON CONFLICT (order_id) DO NOTHING
                """)
                .param("orderId", order.orderId())
                .param("eventId", order.orderEventId())
                .param("kind", order.kind())
                .param("keyId", order.email().keyId())
                .param("ciphertext", order.email().ciphertext())
                .param("items", json.writeValueAsString(order.items()))
                .param("placedAt", OffsetDateTime.ofInstant(order.placedAt(), ZoneOffset.UTC))
                .update();
    }

    @Override
    public void changeAddress(String orderId, Sealed email) {
        jdbc.sql("""
                UPDATE customer_order
                SET email_key_id = :keyId, email_ciphertext = :ciphertext, email_associated_data = :associatedData
                WHERE order_id = :orderId AND erased_at IS NULL
                """)
                .param("orderId", orderId)
                .param("keyId", email.keyId())
                .param("ciphertext", email.ciphertext())
                .param("associatedData", email.associatedData())
                .update();
    }

    @Override
    public Optional<CustomerOrder> find(String orderId) {
        return jdbc.sql("SELECT * FROM customer_order WHERE order_id = :orderId AND erased_at IS NULL")
                .param("orderId", orderId)
                .query(this::map)
                .optional();
    }

    @Override
    public boolean erased(String orderId) {
        return jdbc.sql("SELECT count(*) FROM customer_order WHERE order_id = :orderId AND erased_at IS NOT NULL")
                .param("orderId", orderId)
                .query(Long.class)
                .single() > 0;
    }

    @Override
    public boolean erase(String orderId, Instant at) {
        OffsetDateTime when = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
        // an order not read yet gets a row of its own, already erased: its OrderPlaced then finds it and stores nothing
        int changed = jdbc.sql("""
                INSERT INTO customer_order (order_id, order_event_id, kind, items, placed_at, erased_at)
                VALUES (:orderId, 'erased', 'UNKNOWN', '[]'::jsonb, :at, :at)
                ON CONFLICT (order_id) DO UPDATE
                    SET email_key_id = NULL, email_ciphertext = NULL, erased_at = EXCLUDED.erased_at
                    WHERE customer_order.erased_at IS NULL
                """).param("orderId", orderId).param("at", when).update();
        jdbc.sql("UPDATE email_delivery SET lpa_key_id = NULL, lpa_ciphertext = NULL "
                + "WHERE order_id = :orderId AND lpa_ciphertext IS NOT NULL").param("orderId", orderId).update();
        return changed > 0;
    }

    @Override
    public void recordLine(String iccid, String orderId) {
        jdbc.sql("INSERT INTO customer_line (iccid, order_id) VALUES (:iccid, :orderId) ON CONFLICT (iccid) DO NOTHING")
                .param("iccid", iccid).param("orderId", orderId).update();
    }

    @Override
    public Optional<String> orderOfLine(String iccid) {
        return jdbc.sql("SELECT order_id FROM customer_line WHERE iccid = :iccid").param("iccid", iccid)
                .query(String.class).optional();
    }

    private CustomerOrder map(ResultSet row, int rowNum) throws SQLException {
        String eventId = row.getString("order_event_id");
        return new CustomerOrder(
                row.getString("order_id"),
                eventId,
                row.getString("kind"),
                new Sealed(row.getString("email_key_id"), row.getBytes("email_ciphertext"),
                        Optional.ofNullable(row.getString("email_associated_data")).orElse(eventId)),
                json.readValue(row.getString("items"), PLANS),
                row.getObject("placed_at", OffsetDateTime.class).toInstant());
    }
}
