package dev.esim.sandbox;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * The local stand-ins for the outside world: a Stripe-shaped payment gateway with a checkout page, and an eSIM
 * provider simulator. Runs on port 8090 in the local stack; tests start it in-process with {@link #start(Map)}.
 */
@SpringBootApplication
public class SandboxApplication {

    public static void main(String[] args) {
        SpringApplication.run(SandboxApplication.class, args);
    }

    /**
     * Starts the sandbox in this JVM; pass {@code server.port=0} for a free port. It gets event loops of its own:
     * with Reactor Netty's global ones (Boot's default), closing the sandbox would dispose them under every other
     * WebFlux server and client in the JVM, such as the service a test runs beside it.
     */
    public static ConfigurableApplicationContext start(Map<String, Object> properties) {
        // builder.properties(..) would only set *default* properties, which application.yml (server.port: 8090)
        // overrides; callers' properties must win, so they go first in the environment
        return new SpringApplicationBuilder(SandboxApplication.class)
                .initializers(context -> {
                    context.getEnvironment().getPropertySources()
                            .addFirst(new MapPropertySource("sandboxStartProperties", Map.copyOf(properties)));
                    ((GenericApplicationContext) context).registerBean(ReactorResourceFactory.class, () -> {
                        ReactorResourceFactory own = new ReactorResourceFactory();
                        own.setUseGlobalResources(false);
                        return own;
                    });
                })
                .run();
    }
}
