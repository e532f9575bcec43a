package dev.esim.benchmark;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * (Outside {@code dev.esim.ingress} on purpose: the service's component scan must not find it.)
 *
 * The benchmark's baseline: the same WebFlux/Netty stack on the same JVM settings, with an endpoint that drains the
 * body and answers 200 — what the ingress would cost if verifying, normalising and the Kafka round trip were free.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration(exclude = KafkaAutoConfiguration.class)
public class BareEndpoint {

    @Bean
    RouterFunction<ServerResponse> ok() {
        return RouterFunctions.route().POST("/webhooks/stripe",
                request -> request.bodyToMono(byte[].class).then(ServerResponse.ok().bodyValue("{\"received\":true}")))
                .build();
    }

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(BareEndpoint.class);
        app.setDefaultProperties(java.util.Map.of("spring.main.banner-mode", "off",
                "spring.config.location", "optional:classpath:/bare-endpoint.yml"));
        app.run(args);
    }
}
