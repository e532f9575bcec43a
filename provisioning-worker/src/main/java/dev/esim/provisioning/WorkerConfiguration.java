package dev.esim.provisioning;

import dev.esim.events.crypto.FieldCipher;
import dev.esim.events.crypto.Keysets;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * What the feature packages share: the {@code esim.*} properties, scheduling (the claim-check sweep, the
 * activation-code purge) and the activation keyset, which seals LPA strings in claim rows and on topics.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WorkerProperties.class)
@EnableScheduling
class WorkerConfiguration {

    @Bean
    FieldCipher activationCipher(WorkerProperties properties) {
        WorkerProperties.Crypto crypto = properties.crypto();
        return Keysets.forEnvironment(Keysets.ACTIVATION, properties.environment(), crypto.activationKeyset(),
                Keysets.kmsKey(crypto.kmsKeyUri(), crypto.kmsEndpoint()));
    }
}
