package dev.esim.catalog.idempotency;

import dev.esim.catalog.CatalogProperties;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** Idempotent POSTs, for every feature's controller that creates something. */
@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration {

    @Bean
    Idempotency idempotency(JdbcClient jdbc, JsonMapper json, Clock clock, CatalogProperties properties) {
        return new Idempotency(jdbc, json, clock, properties.catalog().checkout().claimTimeout());
    }
}
