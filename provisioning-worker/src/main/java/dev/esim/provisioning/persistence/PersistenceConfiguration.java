package dev.esim.provisioning.persistence;

import dev.esim.provisioning.WorkerProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/** The claim store on PostgreSQL (schema by Flyway, {@code db/migration}) and its gauges. */
@Configuration(proxyBeanMethods = false)
public class PersistenceConfiguration {

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
        return new ActivationCodePurge(store, properties.worker().activationCodes(), meters,
                java.time.Clock.systemUTC());
    }
}
