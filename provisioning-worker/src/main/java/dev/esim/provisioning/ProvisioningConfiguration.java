package dev.esim.provisioning;

import dev.esim.provider.ProviderRegistry;
import dev.esim.provisioning.order.CredentialVault;
import dev.esim.provisioning.order.CrashPoint;
import dev.esim.provisioning.order.ProviderCircuits;
import dev.esim.provisioning.order.ProvisioningPolicy;
import dev.esim.provisioning.order.ProvisioningService;
import dev.esim.provisioning.order.ProvisioningStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Explicit wiring of the Spring-free provisioning service. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WorkerProperties.class)
public class ProvisioningConfiguration {

    @Bean
    ProvisioningService provisioningService(ProviderRegistry providers, ProvisioningStore store, CredentialVault vault,
                                            ProviderCircuits circuits, WorkerProperties properties,
                                            MeterRegistry meters, ObjectProvider<CrashPoint> crashPoint) {
        WorkerProperties.Checks checks = properties.worker().checks();
        ProvisioningPolicy policy = new ProvisioningPolicy(properties.worker().failover(), properties.live(),
                properties.worker().balanceCheckInterval(), checks.firstAfter(), checks.maxInterval(),
                checks.providerDeadline());
        return new ProvisioningService(providers, store, vault, policy, circuits, new MeterProvisioningMetrics(meters),
                crashPoint.getIfAvailable(() -> CrashPoint.NONE), Clock.systemUTC());
    }
}
