package dev.esim.guardrails;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;

/** The HTTP server limits of {@link HttpServerLimits} for every reactive (Reactor Netty) service. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(NettyServerCustomizer.class)
@EnableConfigurationProperties(GuardrailsProperties.class)
public class GuardrailsAutoConfiguration {

    @Bean
    NettyServerCustomizer esimHttpServerLimits(GuardrailsProperties properties) {
        return new HttpServerLimits(properties.http());
    }
}
