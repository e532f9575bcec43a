package dev.esim.ingress.publish;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.esim.ingress.event.Envelope;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Gateways deliver an event again whenever they are unsure we took it (Stripe retries for days; a slow answer or a
 * lost connection is enough). A delivery of an event this instance has already published — Kafka acknowledged it,
 * {@code acks=all} — within {@code window} is answered with where the first copy landed, and nothing is written: no
 * second encryption of its personal data, no second record for every consumer to recognise and skip.
 *
 * <p>Only an optimisation: consumers still dedupe on the event id, since another instance, a restart, or a delivery
 * after the window publishes the event again. A publish that failed or is still in flight is not remembered, so the
 * gateway's retry is published as before.
 */
final class RememberingPublisher implements EventPublisher {

    private final EventPublisher next;
    private final Cache<String, Published> published;

    /**
     * @param window    how long a published event id is remembered
     * @param maxEvents the most event ids held at once (the least useful go first)
     */
    RememberingPublisher(EventPublisher next, Duration window, long maxEvents) {
        this(next, window, maxEvents, Ticker.systemTicker());
    }

    RememberingPublisher(EventPublisher next, Duration window, long maxEvents, Ticker ticker) {
        this.next = next;
        this.published = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(maxEvents).ticker(ticker)
                // evicted in the caller's thread: no work handed to the common pool per event
                .executor(Runnable::run).build();
    }

    @Override
    public CompletableFuture<Published> publish(Envelope envelope) {
        Published earlier = published.getIfPresent(envelope.eventId());
        if (earlier != null) {
            return CompletableFuture.completedFuture(earlier.asRepeat());
        }
        CompletableFuture<Published> publishing = next.publish(envelope);
        // the caller gets the publisher's own future, so that cancelling it still stops further tries to send
        publishing.thenAccept(landed -> published.put(envelope.eventId(), landed));
        return publishing;
    }
}
