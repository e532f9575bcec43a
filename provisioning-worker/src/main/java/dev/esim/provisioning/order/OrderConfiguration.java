package dev.esim.provisioning.order;

import dev.esim.events.crypto.FieldCipher;
import dev.esim.provider.ProviderRegistry;
import dev.esim.provisioning.WorkerProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Explicit wiring of the Spring-free provisioning service and its adapters: the claim store on PostgreSQL (schema by
 * Flyway, {@code db/migration}) with its gauges and the activation-code purge, the handled inputs that let a replay's
 * duplicates be skipped, the Tink vault, the Micrometer metrics.
 */
@Configuration(proxyBeanMethods = false)
class OrderConfiguration {

    @Bean
    ProvisioningService provisioningService(ProviderRegistry providers, ProvisioningStore store, CredentialVault vault,
                                            ProviderCircuits circuits, WorkerProperties properties,
                                            MeterRegistry meters, ObjectProvider<CrashPoint> crashPoint) {
        WorkerProperties.Checks checks = properties.worker().checks();
        ProvisioningPolicy policy = new ProvisioningPolicy(properties.worker().failover(), properties.live(),
                properties.worker().balanceCheckInterval(), checks.firstAfter(), checks.maxInterval(),
                checks.providerDeadline());
        return new ProvisioningService(providers, store, vault, policy, circuits, new MeterProvisioningMetrics(meters),
                crashPoint.getIfAvailable(() -> CrashPoint.NONE), Clock.systemUTC());
    }

    @Bean
    JdbcProvisioningStore provisioningStore(DataSource dataSource, TransactionOperations transactions,
                                            WorkerProperties properties, MeterRegistry meters) {
        JdbcProvisioningStore store = new JdbcProvisioningStore(JdbcClient.create(dataSource), transactions);
        // The worker's own checks poll and retry unsettled claims until their deadline; a claim still unsettled
        // long after it was made means a provider that does not recover: this is what the alert watches.
        Gauge.builder("esim.provisioning.claims.stuck",
                        () -> store.countStuck(properties.worker().stuckClaimThreshold()))
                .description("Claims made longer than esim.worker.stuck-claim-threshold ago and still unsettled")
                .register(meters);
        Gauge.builder("esim.provisioning.claims.awaiting_provider", store::countAwaitingProvider)
                .description("Paid lines parked because their provider has no balance or is unavailable")
                .register(meters);
        return store;
    }

    @Bean
    ActivationCodePurge activationCodePurge(JdbcProvisioningStore store, WorkerProperties properties,
                                            MeterRegistry meters) {
        return new ActivationCodePurge(store, properties.worker().activationCodes(), meters, Clock.systemUTC());
    }

    @Bean
    DuplicateInputs duplicateInputs(DataSource dataSource, WorkerProperties properties, MeterRegistry meters) {
        return new DuplicateInputs(new JdbcDuplicateInputsStore(JdbcClient.create(dataSource)),
                new MeterProvisioningMetrics(meters), properties.worker().handledInputs(), Clock.systemUTC());
    }

    @Bean
    HandledInputsPurge handledInputsPurge(DuplicateInputs duplicates) {
        return new HandledInputsPurge(duplicates);
    }

    /** Deletes handled-input rows older than the topics keep their records, on the retention rhythm. */
    static final class HandledInputsPurge {

        private final DuplicateInputs duplicates;

        HandledInputsPurge(DuplicateInputs duplicates) {
            this.duplicates = duplicates;
        }

        @Scheduled(initialDelayString = "${esim.worker.retention-interval:1h}",
                fixedDelayString = "${esim.worker.retention-interval:1h}")
        void purge() {
            duplicates.purge();
        }
    }

    @Bean
    CredentialVault credentialVault(FieldCipher activationCipher) {
        return new TinkCredentialVault(activationCipher);
    }
}
