package dev.esim.provisioning.order;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Retention of the one secret the worker keeps: a line's activation code (sealed with the worker's keyset) is needed
 * until its {@code ActivationReady} is published, and kept a while after for re-publishing; after
 * {@code esim.worker.activation-codes} (30 days, as long as the topics keep the event) it is deleted. The claim row
 * stays: it is the dedupe state of every input and the record of which provider issued which line.
 */
final class ActivationCodePurge {

    private static final Logger LOG = LoggerFactory.getLogger(ActivationCodePurge.class);
    private static final int BATCH = 1000;

    private final JdbcProvisioningStore store;
    private final Duration keep;
    private final Counter purged;
    private final Clock clock;

    ActivationCodePurge(JdbcProvisioningStore store, Duration keep, MeterRegistry meters, Clock clock) {
        this.store = store;
        this.keep = keep;
        this.clock = clock;
        this.purged = Counter.builder("esim.retention.purged").tag("what", "worker_activation_codes")
                .description("Stored values erased by the retention purge").register(meters);
    }

    @Scheduled(initialDelayString = "${esim.worker.retention-interval:1h}",
            fixedDelayString = "${esim.worker.retention-interval:1h}")
    int purge() {
        int total = 0;
        int n;
        do {
            n = store.eraseActivationCodesPublishedBefore(clock.instant().minus(keep), BATCH);
            total += n;
        } while (n == BATCH);
        if (total > 0) {
            purged.increment(total);
            LOG.info("outcome=activation_codes_purged count={} older_than={}", total, keep);
        }
        return total;
    }
}
