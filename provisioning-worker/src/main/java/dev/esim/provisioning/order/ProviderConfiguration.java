package dev.esim.provisioning.order;

import dev.esim.provider.EsimProvider;
import dev.esim.provider.ProviderRegistry;
import dev.esim.provider.esimaccess.EsimAccess;
import dev.esim.provider.esimaccess.EsimAccessConfig;
import dev.esim.provider.resilience.CallBudget;
import dev.esim.provider.resilience.JdbcCallBudget;
import dev.esim.provider.resilience.ResilienceConfig;
import dev.esim.provider.resilience.ResilienceMetrics;
import dev.esim.provider.resilience.ResilientEsimProvider;
import dev.esim.provider.simology.Simology;
import dev.esim.provider.simology.SimologyConfig;
import dev.esim.provisioning.WorkerProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The configured providers, each behind the Resilience4j decorator (rate limit, retries, circuit breaker), in
 * preference order. A provider's calls-per-second is by default one budget for the whole deployment, kept in
 * PostgreSQL ({@link JdbcCallBudget}).
 */
@Configuration(proxyBeanMethods = false)
class ProviderConfiguration {

    @Bean(destroyMethod = "")
    List<ResilientEsimProvider> resilientProviders(WorkerProperties properties, MeterRegistry meters,
            DataSource dataSource) {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        return properties.worker().providers().stream()
                .map(p -> {
                    ResilienceConfig resilience = resilience(p);
                    CallBudget budget = p.rateLimitScope() == WorkerProperties.RateLimitScope.DEPLOYMENT
                            ? new JdbcCallBudget(jdbc, p.name(), p.callsPerSecond(), Duration.ofSeconds(1),
                                    resilience.callTimeout())
                            : CallBudget.perProcess(p.callsPerSecond());
                    ResilientEsimProvider provider = ResilientEsimProvider.wrap(adapter(p, properties.live()),
                            resilience, budget);
                    ResilienceMetrics.bind(meters, provider);
                    // what the backlog is divided by on the dashboard and in the ProvisioningBacklogLong alert
                    Gauge.builder("esim.provider.budget.calls_per_second", p::callsPerSecond)
                            .description("The provider's calls-per-second budget (esim.worker.providers[])")
                            .tag("provider", p.name())
                            .register(meters);
                    return provider;
                })
                .toList();
    }

    @Bean
    ProviderRegistry providerRegistry(List<ResilientEsimProvider> resilientProviders) {
        return new ProviderRegistry(resilientProviders);
    }

    @Bean
    ProviderCircuits providerCircuits(List<ResilientEsimProvider> resilientProviders) {
        Map<String, ResilientEsimProvider> byName = resilientProviders.stream()
                .collect(Collectors.toMap(EsimProvider::name, Function.identity()));
        return name -> {
            ResilientEsimProvider provider = byName.get(name);
            return provider != null && provider.circuitState() == CircuitBreaker.State.OPEN;
        };
    }

    @Bean
    ProviderShutdown providerShutdown(List<ResilientEsimProvider> resilientProviders) {
        return new ProviderShutdown(resilientProviders);
    }

    /** Stops the decorators' worker threads with the context. */
    record ProviderShutdown(List<ResilientEsimProvider> providers) implements AutoCloseable {
        @Override
        public void close() {
            providers.forEach(ResilientEsimProvider::close);
        }
    }

    static EsimProvider adapter(WorkerProperties.Provider p, boolean live) {
        if (live && p.apiKey() != null && p.apiKey().startsWith("sk_sandbox_")) {
            throw new IllegalStateException("provider " + p.name() + " has a sandbox key but esim.environment=live");
        }
        return switch (p.type()) {
            case "simology" -> Simology.provider(new SimologyConfig(p.baseUrl(), p.apiKey(), p.timeout(), p.name(),
                    live));
            case "esimaccess" -> EsimAccess.provider(new EsimAccessConfig(p.baseUrl(), p.accessCode(), p.secretKey(),
                    p.timeout(), p.name(), null, 0));
            default -> throw new IllegalArgumentException(
                    "esim.worker.providers[].type must be simology or esimaccess, not " + p.type());
        };
    }

    static ResilienceConfig resilience(WorkerProperties.Provider p) {
        return ResilienceConfig.defaults()
                .withCallsPerSecond(p.callsPerSecond())
                .withRetry(p.maxAttempts(), p.initialBackoff(), p.maxBackoff())
                .withCallTimeout(p.callTimeout())
                .withCircuit(p.slidingWindowSize(), p.minimumNumberOfCalls(), p.failureRateThreshold(),
                        p.circuitOpenFor(), 2);
    }
}
