package dev.esim.ingress.publish;

import dev.esim.ingress.event.Envelope;
import java.util.concurrent.CompletableFuture;

/** Writes a normalised event to its topic; completes only once Kafka acknowledged it ({@code acks=all}). */
public interface EventPublisher {

    /**
     * May block the calling thread for up to {@code max.block.ms} (metadata, schema registration): call it off the
     * event loop.
     */
    CompletableFuture<Published> publish(Envelope envelope);

    /** Where the event landed. */
    record Published(String topic, int partition, long offset) {
    }
}
