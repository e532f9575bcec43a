package dev.esim.provisioning.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.event.ConsumerStoppedEvent;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Starts the listener again after its producer was fenced, so that the fenced poll's inputs are fetched again.
 *
 * <p>A fenced producer (another producer initialised the same transactional id, or the coordinator gave up on a
 * transaction that ran too long) means the poll's transaction was aborted: its outcomes were never published and its
 * offsets never committed. Spring Kafka's default is to log that and poll on from where the consumer stands — past the
 * aborted inputs, which this process would then never see again, while the claims they settled name them as their
 * carrier. Once a later transaction commits an offset beyond them, the carrier looks committed and the activation is
 * never published. So the container stops when fenced ({@code stopContainerWhenFenced}) and this restarts it: a new
 * consumer resumes at the committed offsets and handles the aborted inputs again, publishing what their claims
 * decided. The restart waits {@link #PAUSE}, so that two instances misconfigured with the same transactional id fence
 * each other at a walking pace, each time counted in {@code esim.worker.fenced} and logged.
 */
final class FencedListenerRestart implements ApplicationListener<ConsumerStoppedEvent>, AutoCloseable {

    static final Duration PAUSE = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(FencedListenerRestart.class);

    private final KafkaListenerEndpointRegistry registry;
    private final String listenerId;
    private final Counter fenced;
    private final ScheduledExecutorService restarts = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "fenced-listener-restart");
        thread.setDaemon(true);
        return thread;
    });

    FencedListenerRestart(KafkaListenerEndpointRegistry registry, String listenerId, MeterRegistry meters) {
        this.registry = registry;
        this.listenerId = listenerId;
        this.fenced = Counter.builder("esim.worker.fenced")
                .description("Polls whose Kafka transaction was fenced and fetched again")
                .register(meters);
    }

    @Override
    public void onApplicationEvent(ConsumerStoppedEvent event) {
        if (event.getReason() != ConsumerStoppedEvent.Reason.FENCED) {
            return;
        }
        fenced.increment();
        LOG.error("listener={} outcome=fenced action=restart in={}: the poll's transaction was aborted, its inputs "
                + "are fetched again from the committed offsets", listenerId, PAUSE);
        // Not on the consumer thread that published the event: stopping waits for that thread to end.
        restarts.schedule(this::restart, PAUSE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void restart() {
        MessageListenerContainer container = registry.getListenerContainer(listenerId);
        if (container == null) {
            return;
        }
        container.stop();
        container.start();
        LOG.info("listener={} outcome=restarted_after_fencing", listenerId);
    }

    @Override
    public void close() {
        restarts.shutdownNow();
    }
}
