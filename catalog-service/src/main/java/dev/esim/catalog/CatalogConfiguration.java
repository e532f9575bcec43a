package dev.esim.catalog;

import dev.esim.provider.EsimProvider;
import dev.esim.provider.resilience.JdbcCallBudget;
import dev.esim.provider.resilience.ResilienceConfig;
import dev.esim.provider.resilience.ResilientEsimProvider;
import dev.esim.provider.simology.Simology;
import dev.esim.provider.simology.SimologyConfig;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * What several features share: the clock, the eSIM provider and the failover providers; and the sandbox/live guard.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(CatalogProperties.class)
class CatalogConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    ResilientEsimProvider esimProvider(CatalogProperties properties, JdbcClient jdbc) {
        return provider(properties.catalog().provider(), properties.live(), jdbc);
    }

    @Bean(destroyMethod = "close")
    FailoverProviders failoverProviders(CatalogProperties properties, JdbcClient jdbc) {
        return new FailoverProviders(properties.catalog().failoverProviders().stream()
                .map(p -> provider(p, properties.live(), jdbc)).toList());
    }

    /**
     * A provider's client as catalog-service calls it (the Simology API; customer-facing, so it fails fast), within
     * {@code callsPerSecond} for all instances of the service together (the budget is kept in its database).
     */
    private static ResilientEsimProvider provider(CatalogProperties.Provider p, boolean live, JdbcClient jdbc) {
        EsimProvider simology = Simology.provider(new SimologyConfig(p.baseUrl(), p.apiKey(), p.timeout(), p.name(),
                live));
        int callsPerSecond = Math.max(1, p.callsPerSecond());
        // customer-facing reads: fail fast rather than hold a request for seconds
        return ResilientEsimProvider.wrap(simology, ResilienceConfig.defaults()
                .withCallsPerSecond(callsPerSecond)
                .withRetry(2, Duration.ofMillis(200), Duration.ofSeconds(1))
                .withCallTimeout(p.timeout()),
                new JdbcCallBudget(jdbc, p.name(), callsPerSecond, Duration.ofSeconds(1), p.timeout()));
    }
}
