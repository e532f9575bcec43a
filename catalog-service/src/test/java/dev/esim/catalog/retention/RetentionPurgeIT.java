package dev.esim.catalog.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esim.testkit.MutableClock;
import dev.esim.testkit.Postgres;
import dev.esim.testkit.TestInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The purge on the service's real schema (Flyway) in real PostgreSQL: what goes, and what must stay. */
class RetentionPurgeIT {

    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    static JdbcClient jdbc;

    @BeforeAll
    static void schema() {
        Postgres.Database database = TestInfrastructure.postgres().newDatabase("catalog_retention");
        Flyway.configure().dataSource(database.dataSource()).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(database.dataSource());
    }

    @Test
    void idempotencyKeysGoAWeekAfterTheirRequest() {
        key("old-completed", "completed", NOW.minus(Duration.ofDays(8)));
        key("old-abandoned", "in_progress", NOW.minus(Duration.ofDays(30)));
        key("recent", "completed", NOW.minus(Duration.ofDays(6)));

        RetentionPurge.Purged purged = purge(1);

        assertThat(purged.idempotencyKeys()).isEqualTo(2);
        assertThat(jdbc.sql("select idempotency_key from idempotency_keys").query(String.class).list())
                .containsExactly("recent");
    }

    @Test
    void publishedOutboxRowsGoAWeekAfterPublishingUnpublishedOnesNever() {
        outbox("evt_published_long_ago", NOW.minus(Duration.ofDays(8)));
        outbox("evt_never_published", null);
        outbox("evt_published_yesterday", NOW.minus(Duration.ofDays(1)));

        RetentionPurge.Purged purged = purge(2);

        assertThat(purged.outboxRows()).isEqualTo(1);
        assertThat(jdbc.sql("select event_id from outbox").query(String.class).list())
                .containsExactlyInAnyOrder("evt_never_published", "evt_published_yesterday");
        assertThat(purge(2).outboxRows()).as("a second run finds nothing").isZero();
    }

    private static RetentionPurge.Purged purge(int batchSize) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RetentionPurge.Purged purged = new RetentionPurge(jdbc, Duration.ofDays(7), Duration.ofDays(7), batchSize,
                new MutableClock(NOW), meters).purge();
        assertThat(meters.get("esim.retention.purged").tag("what", "outbox_row").counter().count())
                .isEqualTo(purged.outboxRows());
        return purged;
    }

    private static void key(String key, String state, Instant createdAt) {
        jdbc.sql("""
                insert into idempotency_keys (scope, idempotency_key, request_hash, state, created_at, completed_at)
                values ('checkout', ?, 'hash', ?, ?, ?)""")
                .params(key, state, Timestamp.from(createdAt),
                        state.equals("completed") ? Timestamp.from(createdAt.plusSeconds(1)) : null)
                .update();
    }

    private static void outbox(String eventId, Instant sentAt) {
        jdbc.sql("""
                insert into outbox (event_id, message_key, event_type, payload, created_at, sent_at)
                values (?, 'ord_1', 'OrderPlaced', '{}'::jsonb, ?, ?)""")
                .params(eventId, Timestamp.from(NOW.minus(Duration.ofDays(30))),
                        sentAt == null ? null : Timestamp.from(sentAt))
                .update();
    }
}
