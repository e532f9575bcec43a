package dev.esim.sandbox;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * The local stand-ins for the outside world: a Stripe-shaped payment gateway with a checkout page, and an eSIM
 * provider simulator. Runs on port 8090 in the local stack; tests start it in-process with {@link #start(Map)}.
 */
@SpringBootApplication
public class SandboxApplication {

    public static void main(String[] args) {
        SpringApplication.run(SandboxApplication.class, args);
    }

    /** Starts the sandbox in this JVM; pass {@code server.port=0} for a free port. */
    public static ConfigurableApplicationContext start(Map<String, Object> properties) {
        // builder.properties(..) would only set *default* properties, which application.yml (server.port: 8090)
        // overrides; callers' properties must win, so they go first in the environment
        return new SpringApplicationBuilder(SandboxApplication.class)
                .initializers(context -> context.getEnvironment().getPropertySources()
                        .addFirst(new MapPropertySource("sandboxStartProperties", Map.copyOf(properties))))
                .run();
    }
}
