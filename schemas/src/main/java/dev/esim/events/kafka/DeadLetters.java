package dev.esim.events.kafka;

import dev.esim.events.Topic;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/**
 * The one way our services park a record they cannot process: on {@code <topic>-dlt} ({@link Topic#DLT_SUFFIX}),
 * with spring-kafka's {@code kafka_dlt-*} headers (original topic, partition, offset, exception), in the partition
 * its key picks there — a dead-letter topic has fewer partitions than its topic, so the original partition is not
 * kept. A record that could not even be deserialized is parked as the bytes it arrived with.
 */
public final class DeadLetters {

    /**
     * How long a listener retries a failing record before parking it: exponential back-off from
     * {@code initialBackoff}, multiplied by {@code multiplier} per attempt up to {@code maxBackoff}, at most
     * {@code maxRetries} retries. Services bind it under {@code esim.<service>.consumer}.
     */
    public record BackOff(Duration initialBackoff, double multiplier, Duration maxBackoff, int maxRetries) {

        public BackOff {
            Objects.requireNonNull(initialBackoff, "initialBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            if (multiplier < 1 || maxRetries < 0) {
                throw new IllegalArgumentException("multiplier must be at least 1 and maxRetries not negative");
            }
        }

        ExponentialBackOffWithMaxRetries toSpring() {
            ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(maxRetries);
            backOff.setInitialInterval(initialBackoff.toMillis());
            backOff.setMultiplier(multiplier);
            backOff.setMaxInterval(maxBackoff.toMillis());
            return backOff;
        }
    }

    private DeadLetters() {
    }

    /**
     * @param records  publishes records as the listener received them (Avro objects)
     * @param rawBytes publishes {@code byte[]} values: records that failed deserialization (may be {@code records}
     *                 itself when its serializer takes both)
     */
    public static DeadLetterPublishingRecoverer recoverer(KafkaOperations<?, ?> records,
                                                          KafkaOperations<?, ?> rawBytes) {
        Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
        templates.put(byte[].class, rawBytes);
        templates.put(Object.class, records);
        return new DeadLetterPublishingRecoverer(templates,
                (record, ex) -> new TopicPartition(record.topic() + Topic.DLT_SUFFIX, -1));
    }

    /**
     * The error handler of a listener: retries with {@code backOff}, then parks the record with {@code recoverer};
     * exceptions in {@code neverRetried} (the record can never succeed: undecryptable, malformed) are parked at once.
     */
    public static DefaultErrorHandler errorHandler(DeadLetterPublishingRecoverer recoverer, BackOff backOff,
                                                   List<Class<? extends Exception>> neverRetried) {
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff.toSpring());
        neverRetried.forEach(handler::addNotRetryableExceptions);
        return handler;
    }
}
