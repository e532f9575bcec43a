package dev.esim.sandbox.provider;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers signed webhooks the way the real provider does: re-signs and retries with exponential back-off while the
 * receiver answers non-2xx or cannot be reached, and — when told to — delivers duplicates or swaps the order of two
 * events. Bodies are never logged: they carry LPA strings.
 */
final class WebhookDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    /** How long an out-of-order event waits for a later one to overtake it before it is sent anyway. */
    private static final Duration MAX_HOLD = Duration.ofSeconds(5);
    /** Gap between the overtaking event and the held one, so the overtaker really arrives first. */
    private static final Duration OVERTAKE_GAP = Duration.ofMillis(200);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final WebhookSigner signer;
    private final ProviderProperties.Webhook retry;
    private final ScheduledExecutorService scheduler;
    private final Supplier<ProviderFaults> faults;

    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong givenUp = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    private volatile URI callbackUrl;
    private final URI defaultCallbackUrl;
    /** Bumped by reset: deliveries of an earlier generation stop retrying, so they cannot leak into the next test. */
    private long generation;
    private Event held;
    private ScheduledFuture<?> heldRelease;

    WebhookDispatcher(ProviderProperties properties, ScheduledExecutorService scheduler,
            Supplier<ProviderFaults> faults) {
        this.signer = new WebhookSigner(properties.webhookSecret());
        this.retry = properties.webhook();
        this.scheduler = scheduler;
        this.faults = faults;
        this.defaultCallbackUrl = properties.callbackUrl();
        this.callbackUrl = defaultCallbackUrl;
    }

    record Event(String id, String type, String json) {}

    synchronized void send(Event event) {
        ProviderFaults current = faults.get();
        if (current.dropCallbacks()) {
            dropped.incrementAndGet();
            LOG.info("webhook {} {} dropped (fault drop_callbacks)", event.type(), event.id());
            return;
        }
        if (held != null) {
            Event overtaken = held;
            held = null;
            heldRelease.cancel(false);
            deliverCopies(event, current, generation);
            long gen = generation;
            scheduler.schedule(() -> deliverCopies(overtaken, faults.get(), gen), OVERTAKE_GAP.toMillis(),
                    TimeUnit.MILLISECONDS);
        } else if (current.outOfOrderCallbacks()) {
            held = event;
            heldRelease = scheduler.schedule(this::releaseHeld, MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            deliverCopies(event, current, generation);
        }
    }

    void callbackUrl(URI url) {
        this.callbackUrl = url;
    }

    URI callbackUrl() {
        return callbackUrl;
    }

    synchronized void reset() {
        generation++;
        held = null;
        if (heldRelease != null) {
            heldRelease.cancel(false);
        }
        callbackUrl = defaultCallbackUrl;
        attempts.set(0);
        delivered.set(0);
        givenUp.set(0);
        dropped.set(0);
    }

    long attempts() {
        return attempts.get();
    }

    long delivered() {
        return delivered.get();
    }

    long dropped() {
        return dropped.get();
    }

    long givenUp() {
        return givenUp.get();
    }

    private synchronized void releaseHeld() {
        if (held != null) {
            Event event = held;
            held = null;
            deliverCopies(event, faults.get(), generation);
        }
    }

    private synchronized long generation() {
        return generation;
    }

    private void deliverCopies(Event event, ProviderFaults current, long gen) {
        // duplicates go out together, as a provider's at-least-once redelivery can overlap the first attempt
        for (int copy = 0; copy < current.duplicateCallbacks(); copy++) {
            attempt(event, 1, gen);
        }
    }

    private void attempt(Event event, int attempt, long gen) {
        if (gen != generation()) {
            return;
        }
        long t = System.currentTimeMillis() / 1000; // real time: the receiver checks skew against its own clock
        HttpRequest request = HttpRequest.newBuilder(callbackUrl)
                .timeout(retry.requestTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Simology-Sandbox-Webhooks/1")
                .header(WebhookSigner.HEADER, signer.header(t, event.json()))
                .POST(HttpRequest.BodyPublishers.ofString(event.json()))
                .build();
        attempts.incrementAndGet();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            if (failure == null && response.statusCode() / 100 == 2) {
                delivered.incrementAndGet();
                LOG.debug("webhook {} {} delivered on attempt {}", event.type(), event.id(), attempt);
                return;
            }
            String why = failure != null ? failure.getClass().getSimpleName() : "HTTP " + response.statusCode();
            if (attempt >= retry.maxAttempts()) {
                givenUp.incrementAndGet();
                LOG.warn("webhook {} {} given up after {} attempts ({})", event.type(), event.id(), attempt, why);
                return;
            }
            long backoff = Math.min(retry.maxBackoff().toMillis(),
                    retry.initialBackoff().toMillis() << Math.min(attempt - 1, 20));
            LOG.info("webhook {} {} attempt {} failed ({}), retrying in {} ms", event.type(), event.id(), attempt, why,
                    backoff);
            scheduler.schedule(() -> attempt(event, attempt + 1, gen), backoff, TimeUnit.MILLISECONDS);
        });
    }
}
