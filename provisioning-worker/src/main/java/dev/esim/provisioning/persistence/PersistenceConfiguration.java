package dev.esim.provisioning.persistence;

import dev.esim.provisioning.WorkerProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/** The claim store on PostgreSQL (schema by Flyway, {@code db/migration}) and the stuck-claims gauge. */
@Configuration(proxyBeanMethods = false)
public class PersistenceConfiguration {

    @Bean
    JdbcProvisioningStore provisioningStore(DataSource dataSource, TransactionOperations transactions,
                                            WorkerProperties properties, MeterRegistry meters) {
        JdbcProvisioningStore store = new JdbcProvisioningStore(JdbcClient.create(dataSource), transactions);
        // A claim stuck in REQUESTED (retries exhausted, record dead-lettered) or PENDING (callback never came)
        // needs a human: this is what the alert watches.
        Gauge.builder("esim.provisioning.claims.stuck",
                        () -> store.countStuck(properties.worker().stuckClaimThreshold()))
                .description("Claims still REQUESTED or PENDING after esim.worker.stuck-claim-threshold")
                .register(meters);
        return store;
    }
}
