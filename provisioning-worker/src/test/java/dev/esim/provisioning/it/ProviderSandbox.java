package dev.esim.provisioning.it;

import dev.esim.sandbox.SandboxApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import dev.esim.sandbox.provider.ProviderSimulator;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/** The sandbox's provider simulator, in-process on a free port, reached over HTTP like the real provider. */
final class ProviderSandbox implements AutoCloseable {

    /** The sandbox needs none of the worker's infrastructure that sits on this test classpath. */
    private static final String EXCLUDED_AUTO_CONFIGURATION = String.join(",",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration");

    private final ConfigurableApplicationContext context;

    private ProviderSandbox(ConfigurableApplicationContext context) {
        this.context = context;
    }

    static ProviderSandbox start(Map<String, Object> overrides) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", 0);
        properties.put("spring.autoconfigure.exclude", EXCLUDED_AUTO_CONFIGURATION);
        // webhooks go nowhere: the tests publish provider events themselves, as payment-ingress would
        properties.put("sandbox.provider.callback-url", "http://127.0.0.1:9/unused");
        properties.put("sandbox.provider.auto-install-after", "0s");
        // The worker's application.yml is on this classpath too: read no application.yml at all (the simulator's
        // defaults are its local-stack values), and pass properties as arguments, which win over everything.
        properties.put("spring.config.name", "provider-sandbox-it");
        properties.putAll(overrides);
        return new ProviderSandbox(new SpringApplicationBuilder(SandboxApplication.class)
                .run(RunningWorker.arguments(properties)));
    }

    static ProviderSandbox start() {
        return start(Map.of());
    }

    ProviderSimulator simulator() {
        return context.getBean(ProviderSimulator.class);
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port")
                + "/provider/simology");
    }

    @Override
    public void close() {
        context.close();
    }
}
