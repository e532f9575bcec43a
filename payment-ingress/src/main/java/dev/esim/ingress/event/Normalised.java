package dev.esim.ingress.event;

/** The result of receiving a verified webhook: something to publish, or something we deliberately drop. */
public sealed interface Normalised {

    String source();

    String type();

    /** Publish, then answer 2xx once Kafka acknowledged. */
    record Publish(Envelope envelope) implements Normalised {
        @Override
        public String source() {
            return envelope.source();
        }

        @Override
        public String type() {
            return envelope.sourceEventType();
        }
    }

    /**
     * Verified, but what to do with it needs a blocking call first (the gateway's API names the order of a dispute):
     * the web layer runs {@code resolution} off the event loop and handles its result like any other.
     */
    record Deferred(String source, String type, java.util.function.Supplier<Normalised> resolution)
            implements Normalised {
    }

    /**
     * Verified but not for us (an event type we do not act on, a checkout still unpaid, an object without our order
     * id): answer 2xx so the gateway stops retrying, count it, publish nothing.
     */
    record Ignore(String source, String type, String reason) implements Normalised {
    }
}
