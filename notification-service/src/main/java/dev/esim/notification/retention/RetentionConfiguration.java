package dev.esim.notification.retention;

import dev.esim.notification.NotificationProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The retention purge, every {@code esim.notification.retention.interval}. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class RetentionConfiguration {

    @Bean
    RetentionPurge retentionPurge(JdbcClient jdbc, NotificationProperties properties, Clock clock,
                                  MeterRegistry meters) {
        NotificationProperties.RetentionSettings retention = properties.retention();
        return new RetentionPurge(jdbc, retention.activationCodes(), retention.customerData(), retention.batchSize(),
                clock, meters);
    }
}
