package dev.esim.catalog.retention;

import dev.esim.catalog.CatalogProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The retention purge, every {@code esim.catalog.retention.interval}. */
@Configuration(proxyBeanMethods = false)
class RetentionConfiguration {

    @Bean
    RetentionPurge retentionPurge(JdbcClient jdbc, CatalogProperties properties, Clock clock, MeterRegistry meters) {
        CatalogProperties.Retention retention = properties.catalog().retention();
        return new RetentionPurge(jdbc, retention.idempotencyKeys(),
                retention.publishedOutbox(), retention.batchSize(), clock, meters);
    }
}
