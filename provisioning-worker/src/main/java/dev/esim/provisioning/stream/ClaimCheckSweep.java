package dev.esim.provisioning.stream;

import dev.esim.events.Topics;
import dev.esim.events.avro.ProvisioningCheck;
import dev.esim.provisioning.WorkerProperties;
import dev.esim.provisioning.order.ProvisioningStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The worker's timer. Every few seconds it leases the unsettled claims whose next check has come and publishes one
 * {@code ProvisioningCheck} per claim to {@code esim.provisioning-checks.v1}, keyed by order id. The listener then
 * handles the check like any other input — in the thread that owns the order, inside a Kafka transaction — so polls
 * and retries keep the exactly-once argument of the README. Checks carry no decision: a duplicate (two instances, a
 * lease that ran out) only looks at the claim once more.
 */
final class ClaimCheckSweep {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimCheckSweep.class);

    private final ProvisioningStore store;
    private final KafkaTemplate<Object, Object> template;
    private final WorkerProperties.Checks checks;
    private final Clock clock;

    ClaimCheckSweep(ProvisioningStore store, KafkaTemplate<Object, Object> template, WorkerProperties.Checks checks,
                    Clock clock) {
        this.store = store;
        this.template = template;
        this.checks = checks;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${esim.worker.checks.sweep-interval:5s}",
            initialDelayString = "${esim.worker.checks.sweep-interval:5s}")
    void sweep() {
        Instant now = clock.instant();
        List<ProvisioningStore.DueCheck> due = store.leaseDueChecks(now, checks.lease(), checks.batch());
        if (due.isEmpty()) {
            return;
        }
        // A failed publish leaves the claims leased: they are handed out again when the lease runs out.
        template.executeInTransaction(kafka -> {
            for (ProvisioningStore.DueCheck check : due) {
                kafka.send(Topics.PROVISIONING_CHECKS.name(), check.orderId(), ProvisioningCheck.newBuilder()
                        .setEventId(UUID.randomUUID().toString())
                        .setOccurredAt(now)
                        .setOrderId(check.orderId())
                        .setCausationId(check.causeEventId())
                        .setReference(check.reference())
                        .build());
            }
            return null;
        });
        LOG.info("checks_published={}", due.size());
    }
}
