package dev.esim.catalog.retention;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Deletes what catalog-service no longer needs, in batches of short statements: idempotency keys
 * {@code idempotencyKeys} after their request (completed or abandoned), and outbox rows {@code publishedOutbox} after
 * the relay published them — their events live on in Kafka, and each outbox row holds an order's encrypted e-mail
 * address. Unpublished outbox rows are never touched. Several instances may run it at once.
 */
final class RetentionPurge {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionPurge.class);

    private final JdbcClient jdbc;
    private final Duration idempotencyKeys;
    private final Duration publishedOutbox;
    private final int batchSize;
    private final Clock clock;
    private final Counter keysPurged;
    private final Counter outboxPurged;

    RetentionPurge(JdbcClient jdbc, Duration idempotencyKeys, Duration publishedOutbox, int batchSize, Clock clock,
                   MeterRegistry meters) {
        this.jdbc = jdbc;
        this.idempotencyKeys = idempotencyKeys;
        this.publishedOutbox = publishedOutbox;
        this.batchSize = batchSize;
        this.clock = clock;
        this.keysPurged = purged(meters, "idempotency_key");
        this.outboxPurged = purged(meters, "outbox_row");
    }

    private static Counter purged(MeterRegistry meters, String what) {
        return Counter.builder("esim.retention.purged").description("Stored values erased by the retention purge")
                .tag("what", what).register(meters);
    }

    @Scheduled(fixedDelayString = "${esim.catalog.retention.interval:1h}", initialDelayString = "1m")
    void scheduled() {
        try {
            purge();
        } catch (RuntimeException e) {
            LOG.warn("outcome=retention_purge_failed reason=\"{}\"", e.toString());
        }
    }

    /** Runs one purge to the end. */
    Purged purge() {
        Instant now = clock.instant();
        Timestamp keysBefore = Timestamp.from(now.minus(idempotencyKeys));
        long keys = untilDone(() -> jdbc.sql("""
                delete from idempotency_keys where (scope, idempotency_key) in (
                    select scope, idempotency_key from idempotency_keys where created_at < :cutoff limit :batch)
                """).param("cutoff", keysBefore).param("batch", batchSize).update());
        keysPurged.increment(keys);
        Timestamp outboxBefore = Timestamp.from(now.minus(publishedOutbox));
        long outbox = untilDone(() -> jdbc.sql("""
                delete from outbox where id in (
                    select id from outbox where sent_at < :cutoff limit :batch)
                """).param("cutoff", outboxBefore).param("batch", batchSize).update());
        outboxPurged.increment(outbox);
        if (keys + outbox > 0) {
            LOG.info("outcome=retention_purged idempotency_keys={} outbox_rows={}", keys, outbox);
        }
        return new Purged(keys, outbox);
    }

    /** Runs a batch statement until one deletes less than a batch. */
    private long untilDone(LongSupplier batch) {
        long total = 0;
        while (true) {
            long rows = batch.getAsLong();
            total += rows;
            if (rows < batchSize) {
                return total;
            }
        }
    }

    record Purged(long idempotencyKeys, long outboxRows) {
    }
}
