package dev.esim.provisioning.stream;

import dev.esim.events.Topics;
import dev.esim.events.crypto.FieldCipher;
import dev.esim.events.kafka.DeadLetters;
import dev.esim.provisioning.WorkerProperties;
import dev.esim.provisioning.order.CrashPoint;
import dev.esim.provisioning.order.DuplicateInputs;
import dev.esim.provisioning.order.ProvisioningService;
import dev.esim.provisioning.order.ProvisioningStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.AfterRollbackProcessor;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The Kafka edge: listener, Avro mapping with the activation keyset's field encryption, the one error policy, the
 * topics the worker owns and the sweep that publishes the worker's own claim checks.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /** Header naming why a record was dead-lettered, in one line (Spring's own headers carry the full exception). */
    static final String DLT_REASON_HEADER = "esim-dlt-reason";

    @Bean
    ProvisioningListener provisioningListener(ProvisioningService service, DuplicateInputs duplicates,
                                              FieldCipher activationCipher,
                                              KafkaTemplate<Object, Object> template,
                                              RawDeadLetters rawDeadLetters, WorkerProperties properties,
                                              ObjectProvider<CrashPoint> crashPoint) {
        WorkerProperties.Retry retry = properties.worker().retry();
        return new ProvisioningListener(service, duplicates, new InboundMapper(activationCipher),
                new OutboundMapper(activationCipher), template, deadLetters(template, rawDeadLetters),
                new ListenerRetries(retry.maxRetries(), retry.initialInterval(), retry.multiplier(),
                        retry.maxInterval()),
                properties.worker().maxPollDuration(), crashPoint.getIfAvailable(() -> CrashPoint.NONE),
                System::nanoTime);
    }

    /**
     * Publishes an input to {@code <topic>-dlt} (the partition its key picks there) with the reason in one
     * header; Spring adds the full exception and the original position in its {@code kafka_dlt-*} headers.
     */
    private static DeadLetterPublishingRecoverer deadLetters(KafkaTemplate<Object, Object> template,
                                                             RawDeadLetters rawDeadLetters) {
        // A record that failed deserialization is dead-lettered as its original bytes.
        DeadLetterPublishingRecoverer deadLetters = DeadLetters.recoverer(template, rawDeadLetters.template());
        deadLetters.setHeadersFunction((record, ex) -> {
            RecordHeaders headers = new RecordHeaders();
            headers.add(DLT_REASON_HEADER, reason(ex).getBytes(StandardCharsets.UTF_8));
            return headers;
        });
        return deadLetters;
    }

    /**
     * When a poll's transaction itself fails (the broker unreachable at commit, a fenced producer), every input of the
     * poll is fetched again after a back-off, indefinitely: none of them is at fault. Failures of single inputs are
     * the listener's business (it retries and dead-letters them one by one).
     */
    @Bean
    AfterRollbackProcessor<Object, Object> afterRollbackProcessor(WorkerProperties properties) {
        WorkerProperties.Retry retry = properties.worker().retry();
        ExponentialBackOff backOff = new ExponentialBackOff(retry.initialInterval().toMillis(), retry.multiplier());
        backOff.setMaxInterval(retry.maxInterval().toMillis());
        return new DefaultAfterRollbackProcessor<>(backOff);
    }

    /** A fenced poll stops the listener, which {@link FencedListenerRestart} starts again at the committed offsets. */
    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> stopWhenFenced() {
        return container -> container.getContainerProperties().setStopContainerWhenFenced(true);
    }

    @Bean
    FencedListenerRestart fencedListenerRestart(KafkaListenerEndpointRegistry registry, MeterRegistry meters) {
        return new FencedListenerRestart(registry, ProvisioningListener.ID, meters);
    }

    /**
     * Publishes records that could not be deserialized, as the bytes they arrived with. Transactional like the main
     * producer (Spring requires all dead-letter templates to agree), with its own transactional-id prefix. Not a
     * {@code ProducerFactory} bean, which would switch off Boot's own.
     */
    @Bean
    RawDeadLetters rawDeadLetters(ProducerFactory<Object, Object> producerFactory) {
        Map<String, Object> config = new HashMap<>(producerFactory.getConfigurationProperties());
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        DefaultKafkaProducerFactory<String, byte[]> raw = new DefaultKafkaProducerFactory<>(config,
                new StringSerializer(), new ByteArraySerializer());
        raw.setTransactionIdPrefix(producerFactory.getTransactionIdPrefix() + "raw-");
        return new RawDeadLetters(raw);
    }

    record RawDeadLetters(DefaultKafkaProducerFactory<String, byte[]> factory) implements AutoCloseable {
        KafkaTemplate<String, byte[]> template() {
            return new KafkaTemplate<>(factory);
        }

        @Override
        public void close() {
            factory.destroy();
        }
    }

    static String reason(Throwable ex) {
        Throwable cause = ex;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() != null ? cause.getMessage() : "";
        return cause.getClass().getSimpleName() + ": " + (message.length() > 500 ? message.substring(0, 500) : message);
    }

    @Bean
    ClaimCheckSweep claimCheckSweep(ProvisioningStore store, KafkaTemplate<Object, Object> template,
                                    WorkerProperties properties) {
        return new ClaimCheckSweep(store, template, properties.worker().checks(), Clock.systemUTC());
    }

    @Bean
    NewTopic provisioningChecksTopic() {
        return Topics.PROVISIONING_CHECKS.newTopic();
    }

    @Bean
    NewTopic provisioningChecksDeadLetterTopic() {
        return Topics.PROVISIONING_CHECKS.newDeadLetterTopic();
    }

    @Bean
    NewTopic activationsTopic() {
        return Topics.ACTIVATIONS.newTopic();
    }

    @Bean
    NewTopic activationsDeadLetterTopic() {
        return Topics.ACTIVATIONS.newDeadLetterTopic();
    }
}
