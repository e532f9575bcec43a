package dev.esim.sandbox.provider;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Wires the eSIM provider simulator: the {@link ProviderSimulator} handle and its two route sets. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProviderProperties.class)
public class ProviderSimulatorConfiguration {

    @Bean
    ProviderSimulator providerSimulator(ProviderProperties properties) {
        // our own mapper, not Boot's: the simulator's JSON shapes must not shift with another feature's
        // Jackson settings
        return new ProviderSimulator(properties, JsonMapper.builder().build());
    }

    @Bean
    RouterFunction<ServerResponse> providerApiRoutes(ProviderSimulator simulator) {
        return new ProviderApiRoutes(simulator, JsonMapper.builder().build()).routes();
    }

    @Bean
    RouterFunction<ServerResponse> providerAdminRoutes(ProviderSimulator simulator) {
        // fault JSON may omit any field: absent numbers mean "no such fault", not an error
        JsonMapper json = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();
        return new ProviderAdminRoutes(simulator, json).routes();
    }
}
