package dev.esim.provisioning.it;

import dev.esim.provisioning.ProvisioningApplication;
import dev.esim.provisioning.order.CrashPoint;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.utils.ContainerTestUtils;

/** One worker process: a Spring context of the real application, started and stopped by the test. */
final class RunningWorker implements AutoCloseable {

    final ConfigurableApplicationContext context;

    private RunningWorker(ConfigurableApplicationContext context) {
        this.context = context;
    }

    static RunningWorker start(Map<String, Object> properties, CrashPoint crashPoint) {
        SpringApplicationBuilder builder = new SpringApplicationBuilder(ProvisioningApplication.class);
        if (crashPoint != null) {
            builder.initializers(ctx -> ctx.getBeanFactory().registerSingleton("crashPoint", crashPoint));
        }
        ConfigurableApplicationContext context = builder.run(arguments(properties));
        MessageListenerContainer container = context.getBean(KafkaListenerEndpointRegistry.class)
                .getListenerContainer("provisioning-worker");
        // A frozen listener thread must not hold up the "crash" for the default 10 s.
        container.getContainerProperties().setShutdownTimeout(1_000);
        ContainerTestUtils.waitForAssignment(container, 4 * WorkerSetup.PARTITIONS); // three inputs + own checks
        return new RunningWorker(context);
    }

    /** As command-line arguments: they win over application.yml (builder "properties" are only defaults). */
    static String[] arguments(Map<String, Object> properties) {
        return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    static RunningWorker start(Map<String, Object> properties) {
        return start(properties, null);
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
