package dev.esim.notification.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esim.notification.email.Plan;
import dev.esim.notification.order.CustomerOrder;
import dev.esim.notification.order.OrderBook;
import dev.esim.notification.order.OrderBooks;
import dev.esim.notification.secret.Sealed;
import dev.esim.testkit.MutableClock;
import dev.esim.testkit.Postgres;
import dev.esim.testkit.TestInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Forgetting on the service's real schema (Flyway) in real PostgreSQL — the retention purge and an erasure on request:
 * what is forgotten, and what must stay.
 */
class RetentionPurgeIT {

    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final Duration ACTIVATION_CODES = Duration.ofDays(30);
    static final Duration CUSTOMER_DATA = Duration.ofDays(400);

    static JdbcClient jdbc;
    static OrderBook orders;

    @BeforeAll
    static void schema() {
        Postgres.Database database = TestInfrastructure.postgres().newDatabase("notification_retention");
        Flyway.configure().dataSource(database.dataSource()).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(database.dataSource());
        orders = OrderBooks.onJdbc(jdbc);
    }

    @Test
    void aSentActivationCodeIsScrubbedAfterItsRetentionTheDeliveryRowStays() {
        String order = "ord_codes";
        delivery("evt_old_sent", order, "sent", NOW.minus(Duration.ofDays(31)));
        delivery("evt_old_failed", order, "failed", NOW.minus(Duration.ofDays(90)));
        delivery("evt_pending", order, "pending", null);
        delivery("evt_recent_sent", order, "sent", NOW.minus(Duration.ofDays(29)));

        RetentionPurge.Purged purged = purge(1);

        assertThat(purged.activationCodes()).isEqualTo(2);
        assertThat(eventIdsWithCode(order)).containsExactlyInAnyOrder("evt_pending", "evt_recent_sent");
        assertThat(jdbc.sql("select count(*) from email_delivery where order_id = ?").param(order)
                .query(Long.class).single()).as("every delivery row stays: it dedupes replays").isEqualTo(4);
        assertThat(purge(1).activationCodes()).as("a second run finds nothing").isZero();
    }

    @Test
    void anOldOrdersAddressIsErasedOnceNothingWasDeliveredForItAndAReplayDoesNotBringItBack() {
        customerOrder("ord_forgotten", NOW.minus(Duration.ofDays(401)));
        customerOrder("ord_still_mailed", NOW.minus(Duration.ofDays(401)));
        delivery("evt_usage_alert", "ord_still_mailed", "sent", NOW.minus(Duration.ofDays(10)));
        customerOrder("ord_waiting", NOW.minus(Duration.ofDays(500)));
        delivery("evt_waiting", "ord_waiting", "pending", null);
        customerOrder("ord_young", NOW.minus(Duration.ofDays(399)));

        RetentionPurge.Purged purged = purge(2);

        assertThat(purged.customerEmails()).isEqualTo(1);
        assertThat(orders.find("ord_forgotten")).isEmpty();
        assertThat(orders.erased("ord_forgotten")).isTrue();
        assertThat(jdbc.sql("select email_ciphertext from customer_order where order_id = 'ord_forgotten'")
                .query(byte[].class).optional()).as("the ciphertext itself is gone").isEmpty();
        for (String kept : List.of("ord_still_mailed", "ord_waiting", "ord_young")) {
            assertThat(orders.find(kept)).as(kept).isPresent();
            assertThat(orders.erased(kept)).as(kept).isFalse();
        }

        // the same OrderPlaced replayed from the topic
        orders.record(order("ord_forgotten", NOW.minus(Duration.ofDays(401))));
        assertThat(orders.find("ord_forgotten")).isEmpty();
        assertThat(orders.erased("ord_forgotten")).isTrue();
    }

    @Test
    void anErasureOnRequestForgetsTheAddressAndCodesAndAnOrderErasedBeforeItArrivesIsNeverStored() {
        customerOrder("ord_asked", NOW.minus(Duration.ofDays(3)));
        delivery("evt_asked_activation", "ord_asked", "sent", NOW.minus(Duration.ofDays(3)));

        assertThat(orders.erase("ord_asked", NOW)).isTrue();
        assertThat(orders.erase("ord_asked", NOW)).as("a replayed request changes nothing").isFalse();
        assertThat(orders.find("ord_asked")).isEmpty();
        assertThat(orders.erased("ord_asked")).isTrue();
        assertThat(eventIdsWithCode("ord_asked")).isEmpty();

        // the request overtook the order on its way
        assertThat(orders.erase("ord_not_yet_read", NOW)).isTrue();
        orders.record(order("ord_not_yet_read", NOW));
        assertThat(orders.find("ord_not_yet_read")).isEmpty();
        assertThat(orders.erased("ord_not_yet_read")).isTrue();
    }

    private static RetentionPurge.Purged purge(int batchSize) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RetentionPurge.Purged purged = new RetentionPurge(jdbc, ACTIVATION_CODES, CUSTOMER_DATA, batchSize,
                new MutableClock(NOW), meters).purge();
        assertThat(meters.get("esim.retention.purged").tag("what", "activation_code").counter().count())
                .isEqualTo(purged.activationCodes());
        assertThat(meters.get("esim.retention.purged").tag("what", "customer_email").counter().count())
                .isEqualTo(purged.customerEmails());
        return purged;
    }

    private static List<String> eventIdsWithCode(String order) {
        return jdbc.sql("select event_id from email_delivery where order_id = ? and lpa_ciphertext is not null")
                .param(order).query(String.class).list();
    }

    private static CustomerOrder order(String orderId, Instant placedAt) {
        return new CustomerOrder(orderId, "evt_placed_" + orderId, "NEW_LINE",
                new Sealed("pii/sandbox", new byte[] {1, 2, 3}, "evt_placed_" + orderId),
                List.of(new Plan("EU-5GB-30D", "Europe 5 GB", List.of("FR"), 5120, 30)), placedAt);
    }

    private static void customerOrder(String orderId, Instant placedAt) {
        orders.record(order(orderId, placedAt));
    }

    private static void delivery(String eventId, String order, String status, Instant finishedAt) {
        Instant received = finishedAt != null ? finishedAt.minusSeconds(5) : NOW.minus(Duration.ofDays(300));
        jdbc.sql("""
                insert into email_delivery (event_id, order_id, template, message_id, notice, lpa_key_id,
                                            lpa_ciphertext, event_occurred_at, received_at, status, next_attempt_at,
                                            finished_at, published)
                values (?, ?, 'activation-ready', ?, '{}'::jsonb, 'activation/sandbox', '\\x01'::bytea, ?, ?, ?, ?,
                        ?, ?)""")
                .params(eventId, order, "<" + eventId + "@test>", utc(received), utc(received), status,
                        utc(received), finishedAt == null ? null : utc(finishedAt), finishedAt != null)
                .update();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
