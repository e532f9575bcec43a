package dev.esim.sandbox;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sandbox as a state IT runs it: started in this JVM on a free port and a state directory, stopped and started
 * again on the same directory with the same properties, to see what it remembers. Close it after each test.
 */
public final class RestartableSandbox implements AutoCloseable {

    private final Map<String, Object> properties;
    private ConfigurableApplicationContext context;

    /** @param properties sandbox properties on top of a free port and {@code stateDir} as the state directory */
    public RestartableSandbox(Path stateDir, Map<String, Object> properties) {
        this.properties = new HashMap<>(properties);
        this.properties.put("server.port", 0);
        this.properties.put("sandbox.state-dir", stateDir.toString());
    }

    /** Stops the running sandbox, if any, and starts a new one; returns its port. */
    public int start() {
        stop();
        context = SandboxApplication.start(properties);
        return port(context);
    }

    /** Stops the running sandbox, if any; its state directory stays for the next start. */
    public void stop() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }
}
