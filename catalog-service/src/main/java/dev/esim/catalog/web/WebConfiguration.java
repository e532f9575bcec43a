package dev.esim.catalog.web;

import dev.esim.catalog.CatalogProperties;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The canonical error body and idempotent POSTs, shared by every feature's controller (request ids come from the
 * observability module's auto-configuration).
 */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration {

    @Bean
    ErrorBodies errorBodies(JsonMapper json) {
        return new ErrorBodies(json);
    }

    @Bean
    Idempotency idempotency(JdbcClient jdbc, JsonMapper json, Clock clock, CatalogProperties properties) {
        return new Idempotency(jdbc, json, clock, properties.catalog().checkout().claimTimeout());
    }
}
