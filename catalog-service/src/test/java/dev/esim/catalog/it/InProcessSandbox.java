package dev.esim.catalog.it;

import dev.esim.sandbox.SandboxApplication;
import java.util.HashMap;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The sandbox module (provider simulator, Stripe-shaped gateway, GOV.UK Pay stand-in) started in this JVM for a
 * catalog IT, and the properties that point the catalog's gateway and provider clients at it. Webhooks and provider
 * callbacks go nowhere: these tests have no payment-ingress listening.
 */
public final class InProcessSandbox implements AutoCloseable {

    /** The sandbox needs none of our infrastructure that sits on the catalog's test classpath. */
    private static final String EXCLUDED_AUTO_CONFIGURATION = String.join(",",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration");

    private final ConfigurableApplicationContext context;

    private InProcessSandbox(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /**
     * @param overrides sandbox properties on top of the defaults, e.g.
     *                  {@code sandbox.provider.rate-limit-per-second}
     */
    public static InProcessSandbox start(Map<String, Object> overrides) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", 0);
        // the catalog's application.yml comes first on this class path: its fixed actuator port is not the sandbox's
        properties.put("management.server.port", 0);
        properties.put("spring.autoconfigure.exclude", EXCLUDED_AUTO_CONFIGURATION);
        // every Stripe webhook is lost: the gateway keeps its events and lists them as undelivered
        properties.put("sandbox.gateway.webhook-url", "");
        properties.put("sandbox.govukpay.webhook-url", "");
        properties.put("sandbox.provider.callback-url", "http://127.0.0.1:9/unused");
        properties.putAll(overrides);
        return new InProcessSandbox(SandboxApplication.start(properties));
    }

    public String baseUrl() {
        return "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
    }

    /** The simulated Simology API, as the catalog's (and any other) provider client calls it. */
    public String providerBaseUrl() {
        return baseUrl() + "/provider/simology";
    }

    /** The GOV.UK Pay stand-in's API root. */
    public String govUkPayApiBase() {
        return baseUrl() + "/govukpay";
    }

    /** Points the catalog's Stripe and GOV.UK Pay API bases and provider base URL at this sandbox. */
    public void wireCatalog(DynamicPropertyRegistry registry) {
        registry.add("esim.catalog.stripe.api-base", () -> baseUrl() + "/stripe");
        registry.add("esim.catalog.govukpay.api-base", this::govUkPayApiBase);
        registry.add("esim.catalog.provider.base-url", this::providerBaseUrl);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
