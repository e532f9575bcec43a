package dev.esim.sandbox.govukpay;

import dev.esim.sandbox.SandboxApplication;
import java.util.HashMap;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sandbox started in this JVM for a GOV.UK Pay IT: its stand-in posts webhook messages to a local
 * {@link GovUkPayReceiver}, and {@link #api} calls its API with the sandbox key.
 */
record StandIn(GovUkPayReceiver receiver, ConfigurableApplicationContext sandbox, GovUkPayClient api)
        implements AutoCloseable {

    /** @param properties sandbox properties on top of a random port and the receiver as webhook URL */
    static StandIn start(Map<String, Object> properties) {
        GovUkPayReceiver receiver = new GovUkPayReceiver();
        Map<String, Object> all = new HashMap<>(properties);
        all.put("server.port", 0);
        all.put("sandbox.govukpay.webhook-url", receiver.url());
        ConfigurableApplicationContext sandbox = SandboxApplication.start(all);
        return new StandIn(receiver, sandbox,
                new GovUkPayClient(Integer.parseInt(sandbox.getEnvironment().getProperty("local.server.port"))));
    }

    @Override
    public void close() {
        sandbox.close();
        receiver.close();
    }
}
