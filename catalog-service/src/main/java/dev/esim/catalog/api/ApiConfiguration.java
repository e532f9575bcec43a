package dev.esim.catalog.api;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The canonical error body, shared by every feature's controller (request ids come from the observability module's
 * auto-configuration).
 */
@Configuration(proxyBeanMethods = false)
class ApiConfiguration {

    @Bean
    ErrorBodies errorBodies(JsonMapper json) {
        return new ErrorBodies(json);
    }
}
