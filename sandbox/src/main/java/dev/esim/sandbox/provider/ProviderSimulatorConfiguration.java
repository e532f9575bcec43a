package dev.esim.sandbox.provider;

import dev.esim.sandbox.state.Journal;
import dev.esim.sandbox.state.StateDirectory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the eSIM provider simulators: the primary ({@code sandbox.provider.*}) and, when
 * {@code sandbox.failover-provider.name} is set, a second provider speaking the same API that the platform fails over
 * to ({@code sandbox.failover-provider.*}, same settings). Each gets its API and admin routes.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProviderProperties.class)
public class ProviderSimulatorConfiguration {

    @Bean
    @Primary
    ProviderSimulator providerSimulator(ProviderProperties properties, StateDirectory state) {
        // our own mapper, not Boot's: the simulator's JSON shapes must not shift with another feature's
        // Jackson settings
        return new ProviderSimulator(properties, JsonMapper.builder().build(), journal(state, properties));
    }

    @Bean
    RouterFunction<ServerResponse> providerApiRoutes(ProviderSimulator providerSimulator) {
        return new ProviderApiRoutes(providerSimulator, JsonMapper.builder().build()).routes();
    }

    @Bean
    RouterFunction<ServerResponse> providerAdminRoutes(ProviderSimulator providerSimulator) {
        ProviderAdminRoutes admin = new ProviderAdminRoutes(providerSimulator, adminJson());
        return admin.routes("/provider/admin").and(admin.routes("/provider/admin/" + providerSimulator.name()));
    }

    /** The second provider, configured like the primary under its own prefix. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty("sandbox.failover-provider.name")
    static class FailoverProvider {

        static final String NAME = "failoverProviderSimulator";

        @Bean(NAME)
        ProviderSimulator failoverProviderSimulator(Environment environment, StateDirectory state) {
            ProviderProperties properties = Binder.get(environment)
                    .bindOrCreate("sandbox.failover-provider", ProviderProperties.class);
            return new ProviderSimulator(properties, JsonMapper.builder().build(), journal(state, properties));
        }

        @Bean
        RouterFunction<ServerResponse> failoverProviderApiRoutes(@Qualifier(NAME) ProviderSimulator simulator) {
            return new ProviderApiRoutes(simulator, JsonMapper.builder().build()).routes();
        }

        @Bean
        RouterFunction<ServerResponse> failoverProviderAdminRoutes(@Qualifier(NAME) ProviderSimulator simulator) {
            return new ProviderAdminRoutes(simulator, adminJson()).routes("/provider/admin/" + simulator.name());
        }
    }

    /** {@code <sandbox.state-dir>/provider-<name>.jsonl}, or none without a state directory. */
    private static Journal journal(StateDirectory state, ProviderProperties properties) {
        return state.journal("provider-" + properties.name());
    }

    private static JsonMapper adminJson() {
        // fault JSON may omit any field: absent numbers mean "no such fault", not an error
        return JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();
    }
}
