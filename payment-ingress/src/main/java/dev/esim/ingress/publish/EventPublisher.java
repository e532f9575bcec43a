package dev.esim.ingress.publish;

import dev.esim.ingress.event.Envelope;
import java.util.concurrent.CompletableFuture;

/** Writes a normalised event to its topic; completes only once Kafka acknowledged it ({@code acks=all}). */
public interface EventPublisher {

    /**
     * Never blocks the calling thread, so the web layer calls it on the event loop. Cancelling the future stops any
     * further try to send a record that Kafka could not take yet.
     */
    CompletableFuture<Published> publish(Envelope envelope);

    /**
     * Where the event landed.
     *
     * @param repeat whether this delivery was answered from an earlier publish of the same event, nothing written
     */
    record Published(String topic, int partition, long offset, boolean repeat) {

        public Published(String topic, int partition, long offset) {
            this(topic, partition, offset, false);
        }

        /** The same place, as the answer to a repeated delivery. */
        public Published asRepeat() {
            return new Published(topic, partition, offset, true);
        }
    }

    /** Kafka never took the record (no metadata for the topic, or a full buffer, until the deadline): not sent. */
    final class NotSentYet extends RuntimeException {

        private static final long serialVersionUID = 1L;

        public NotSentYet(Throwable cause) {
            super("Kafka could not take the record: " + cause.getMessage(), cause);
        }
    }
}
