package dev.esim.notification.secret;

import dev.esim.notification.PlatformProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@link Unsealer}: this service's PII and activation keysets ({@code esim.crypto.*}). */
@Configuration(proxyBeanMethods = false)
class SecretConfiguration {

    @Bean
    Unsealer unsealer(PlatformProperties platform) {
        PlatformProperties.Crypto crypto = platform.crypto();
        return CipherUnsealer.forEnvironment(platform.environment(), crypto.piiKeyset(), crypto.activationKeyset(),
                crypto.kmsKeyUri(), crypto.kmsEndpoint());
    }
}
