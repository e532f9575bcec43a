package dev.esim.sandbox;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

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
        return new SpringApplicationBuilder(SandboxApplication.class)
                .properties(properties)
                .run();
    }
}
