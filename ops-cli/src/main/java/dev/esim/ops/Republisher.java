package dev.esim.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Re-produces records byte for byte — key, value and headers — with the idempotent {@code acks=all} producer. The
 * event ids inside the values are untouched, which is what makes a replay safe: every consumer dedupes on them.
 * The timestamp is the producer's (now): the record is delivered again now, and an old timestamp could make the
 * broker's retention delete it at once.
 */
final class Republisher {

    private final Producer<byte[], byte[]> producer;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    Republisher(Producer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    /**
     * @param partition the target partition, or {@code null} to let the key decide (the way every service produces)
     * @param keepHeader which of the original headers to copy
     */
    void send(String topic, Integer partition, ConsumerRecord<byte[], byte[]> original, Predicate<Header> keepHeader) {
        throwIfFailed();
        List<Header> headers = new ArrayList<>();
        for (Header header : original.headers()) {
            if (keepHeader.test(header)) {
                headers.add(header);
            }
        }
        producer.send(new ProducerRecord<>(topic, partition, null, original.key(), original.value(),
                new RecordHeaders(headers)), (metadata, exception) -> {
                    if (exception == null) {
                        acknowledged.incrementAndGet();
                    } else {
                        failure.compareAndSet(null, exception);
                    }
                });
    }

    /** Waits until every record sent so far is acknowledged by all in-sync replicas; returns how many were. */
    long flush() {
        producer.flush();
        throwIfFailed();
        return acknowledged.get();
    }

    long acknowledged() {
        return acknowledged.get();
    }

    private void throwIfFailed() {
        Exception error = failure.get();
        if (error != null) {
            throw new OpsException("Producing failed after " + acknowledged.get() + " acknowledged records: "
                    + error.getMessage(), error);
        }
    }
}
