package dev.esim.notification.retention;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Forgets what notification-service no longer needs, in batches of short statements:
 * <ul>
 *   <li>a finished activation e-mail's encrypted LPA string, {@code activationCodes} after it finished (until then
 *       support can have it sent again);</li>
 *   <li>an order's encrypted e-mail address, once the order was placed {@code customerData} ago and nothing was
 *       delivered or is waiting to be delivered for it within that time (top-ups and usage alerts keep a living
 *       line's traveller reachable).</li>
 * </ul>
 * Rows are scrubbed, not deleted: a delivery row is what makes a replayed event send nothing, and an erased order row
 * is what stops a replayed {@code OrderPlaced} from storing the address again. Several instances may run it at once.
 */
final class RetentionPurge {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionPurge.class);

    private final JdbcClient jdbc;
    private final Duration activationCodes;
    private final Duration customerData;
    private final int batchSize;
    private final Clock clock;
    private final Counter codesPurged;
    private final Counter customersErased;

    RetentionPurge(JdbcClient jdbc, Duration activationCodes, Duration customerData, int batchSize, Clock clock,
                   MeterRegistry meters) {
        this.jdbc = jdbc;
        this.activationCodes = activationCodes;
        this.customerData = customerData;
        this.batchSize = batchSize;
        this.clock = clock;
        this.codesPurged = purged(meters, "activation_code");
        this.customersErased = purged(meters, "customer_email");
    }

    private static Counter purged(MeterRegistry meters, String what) {
        return Counter.builder("esim.retention.purged").description("Stored values erased by the retention purge")
                .tag("what", what).register(meters);
    }

    @Scheduled(fixedDelayString = "${esim.notification.retention.interval:1h}", initialDelayString = "1m")
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
        OffsetDateTime codesBefore = utc(now.minus(activationCodes));
        long codes = untilDone(() -> jdbc.sql("""
                UPDATE email_delivery SET lpa_key_id = NULL, lpa_ciphertext = NULL
                WHERE event_id IN (
                    SELECT event_id FROM email_delivery
                    WHERE lpa_ciphertext IS NOT NULL AND status IN ('sent', 'failed') AND finished_at < :cutoff
                    LIMIT :batch)
                """).param("cutoff", codesBefore).param("batch", batchSize).update());
        codesPurged.increment(codes);
        OffsetDateTime ordersBefore = utc(now.minus(customerData));
        long customers = untilDone(() -> jdbc.sql("""
                UPDATE customer_order SET email_key_id = NULL, email_ciphertext = NULL, erased_at = :now
                WHERE order_id IN (
                    SELECT o.order_id FROM customer_order o
                    WHERE o.erased_at IS NULL AND o.placed_at < :cutoff
                      AND NOT EXISTS (SELECT 1 FROM email_delivery d
                                      WHERE d.order_id = o.order_id
                                        AND (d.received_at >= :cutoff OR d.status IN ('pending', 'sending')))
                    LIMIT :batch)
                """).param("now", utc(now)).param("cutoff", ordersBefore).param("batch", batchSize).update());
        customersErased.increment(customers);
        if (codes + customers > 0) {
            LOG.info("outcome=retention_purged activation_codes={} customer_emails={}", codes, customers);
        }
        return new Purged(codes, customers);
    }

    /** Runs a batch statement until one changes less than a batch. */
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

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    record Purged(long activationCodes, long customerEmails) {
    }
}
