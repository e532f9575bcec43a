package dev.esim.provisioning.it;

import dev.esim.provisioning.ProvisioningApplication;
import dev.esim.provisioning.order.CrashPoint;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import org.awaitility.Awaitility;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/** One worker process: a Spring context of the real application, started and stopped by the test. */
final class RunningWorker implements AutoCloseable {

    final ConfigurableApplicationContext context;

    private RunningWorker(ConfigurableApplicationContext context) {
        this.context = context;
    }

    static RunningWorker start(Map<String, Object> properties, CrashPoint crashPoint) {
        RunningWorker worker = startJoining(properties, crashPoint);
        worker.awaitPartitions(1);
        return worker;
    }

    /** Starts without waiting for partitions: for several instances in one group, then {@link #awaitPartitions}. */
    static RunningWorker startJoining(Map<String, Object> properties, CrashPoint crashPoint) {
        SpringApplicationBuilder builder = new SpringApplicationBuilder(ProvisioningApplication.class);
        if (crashPoint != null) {
            builder.initializers(ctx -> ctx.getBeanFactory().registerSingleton("crashPoint", crashPoint));
        }
        RunningWorker worker = new RunningWorker(builder.run(arguments(properties)));
        // A frozen listener thread must not hold up the "crash" for the default 10 s.
        worker.container().getContainerProperties().setShutdownTimeout(1_000);
        return worker;
    }

    /** Waits until this instance holds its share of the partitions when {@code instances} share the group. */
    void awaitPartitions(int instances) {
        int share = 4 * WorkerSetup.PARTITIONS / instances; // three inputs + own checks
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            Collection<?> assigned = container().getAssignedPartitions();
            return assigned != null && assigned.size() == share;
        });
    }

    /** Stops fetching (after the poll in hand): what is sent meanwhile arrives in the polls after {@link #resume}. */
    void pause() {
        container().pause();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> container().isContainerPaused());
    }

    void resume() {
        container().resume();
    }

    /** The worker's listener container (all its listener threads). */
    MessageListenerContainer container() {
        return context.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("provisioning-worker");
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
