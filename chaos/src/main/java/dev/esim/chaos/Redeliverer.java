package dev.esim.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.esim.sandbox.gateway.StripeSigner;
import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway at its worst: besides the sandbox gateway's own (retrying) delivery, every event it emits is sent 0–2
 * more times, each copy freshly signed, at a random delay up to {@code maxDelay} — so copies arrive shuffled, before
 * and after the original, some long after the order settled.
 */
final class Redeliverer implements AutoCloseable {

    private final Outside outside;
    private final Random random;
    private final Duration maxDelay;
    private final Set<String> seen = new HashSet<>();
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(4, r -> {
        Thread t = new Thread(r, "redeliverer");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong scheduled = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();

    Redeliverer(Outside outside, Random random, Duration maxDelay) {
        this.outside = outside;
        this.random = random;
        this.maxDelay = maxDelay;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::scan, 1, 2, TimeUnit.SECONDS);
    }

    /** Reads the gateway's event list (newest first) down to the first event it has already seen. */
    private void scan() {
        try {
            String after = null;
            boolean more = true;
            while (more) {
                Outside.Response page = outside.gatewayEvents(null, after);
                if (page.status() != 200) {
                    return;
                }
                JsonNode data = page.json().path("data");
                for (JsonNode event : data) {
                    String id = event.path("id").asText();
                    synchronized (seen) {
                        if (!seen.add(id)) {
                            return;
                        }
                    }
                    scheduleCopies(event.toString());
                    after = id;
                }
                more = page.json().path("has_more").asBoolean(false) && !data.isEmpty();
            }
        } catch (RuntimeException e) {
            // the next scan reads the list again
        }
    }

    private void scheduleCopies(String payload) {
        int copies;
        long[] delays;
        synchronized (random) {
            copies = random.nextInt(3);
            delays = new long[copies];
            for (int i = 0; i < copies; i++) {
                delays[i] = (long) (random.nextDouble() * maxDelay.toMillis());
            }
        }
        for (long delay : delays) {
            scheduled.incrementAndGet();
            pending.incrementAndGet();
            timer.schedule(() -> deliver(payload), delay, TimeUnit.MILLISECONDS);
        }
    }

    /** Delivers one copy, retrying through outages as the gateway does (its webhooks are retried for days). */
    private void deliver(String payload) {
        try {
            for (int attempt = 0; attempt < 60; attempt++) {
                Outside.Response r = outside.stripeWebhook(payload, StripeSigner.header(payload,
                        Outside.STRIPE_WEBHOOK_SECRET));
                if (r.status() >= 200 && r.status() < 300) {
                    sent.incrementAndGet();
                    return;
                }
                Traffic.sleep(Duration.ofSeconds(2));
            }
        } finally {
            pending.decrementAndGet();
        }
    }

    /** Waits for every scheduled copy to be delivered. */
    boolean awaitDrained(Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            Traffic.sleep(Duration.ofMillis(500));
        }
        return pending.get() == 0;
    }

    /** Stops reading new events (copies already scheduled still go out). */
    void stopScanning() {
        scan();
        timer.shutdown();
    }

    long scheduled() {
        return scheduled.get();
    }

    long sent() {
        return sent.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
