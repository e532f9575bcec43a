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
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The gateways at their worst: besides the sandbox gateway's and the GOV.UK Pay stand-in's own (retrying) delivery,
 * every event or message they emit is sent 0–2 more times, each copy freshly signed, at a random delay up to
 * {@code maxDelay} — so copies arrive shuffled, before and after the original, some long after the order settled.
 *
 * <p>Stripe's events are copied byte for byte from {@code GET /v1/events}, GOV.UK Pay's messages byte for byte from
 * the stand-in's listing ({@code GET /govukpay/admin/messages}, which carries each message as it was signed and sent).
 */
final class Redeliverer implements AutoCloseable {

    private final Outside outside;
    private final Random random;
    private final Duration maxDelay;
    private final Set<String> seen = new HashSet<>();
    private final Set<String> seenMessages = new HashSet<>();
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(4, r -> {
        Thread t = new Thread(r, "redeliverer");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong scheduled = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong govUkPayScheduled = new AtomicLong();
    private final AtomicLong govUkPaySent = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();

    Redeliverer(Outside outside, Random random, Duration maxDelay) {
        this.outside = outside;
        this.random = random;
        this.maxDelay = maxDelay;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::scan, 1, 2, TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(this::scanGovUkPay, 1, 2, TimeUnit.SECONDS);
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
                    String payload = event.toString();
                    scheduleCopies(scheduled, () -> deliver(() -> payload, p -> outside.stripeWebhook(p,
                            StripeSigner.header(p, Outside.STRIPE_WEBHOOK_SECRET)), sent));
                    after = id;
                }
                more = page.json().path("has_more").asBoolean(false) && !data.isEmpty();
            }
        } catch (RuntimeException e) {
            // the next scan reads the list again
        }
    }

    /** Reads the GOV.UK Pay stand-in's listing of its messages (oldest first) and copies each one not seen yet. */
    private void scanGovUkPay() {
        try {
            Outside.Response listing = outside.govUkPayMessages();
            if (listing.status() != 200) {
                return;
            }
            for (JsonNode message : listing.json().path("messages")) {
                synchronized (seenMessages) {
                    if (!seenMessages.add(message.path("id").asText())) {
                        continue;
                    }
                }
                scheduleCopies(govUkPayScheduled, () -> deliver(() -> govUkPayBody(message),
                        body -> outside.govUkPayWebhook(body, GovUkPayMessages.signature(body,
                                Outside.GOVUKPAY_WEBHOOK_SECRET)), govUkPaySent));
            }
        } catch (RuntimeException e) {
            // the next scan reads the listing again
        }
    }

    /** The message exactly as the stand-in signed and sent it; null if the listing does not carry it. */
    private static String govUkPayBody(JsonNode listed) {
        return listed.path("body").isTextual() ? listed.path("body").asText() : null;
    }

    private void scheduleCopies(AtomicLong counter, Runnable delivery) {
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
            counter.incrementAndGet();
            pending.incrementAndGet();
            timer.schedule(delivery, delay, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Delivers one copy, retrying through outages as the gateways do (their webhooks are retried for days): the body
     * is signed afresh on every attempt.
     */
    private void deliver(Supplier<String> body, Function<String, Outside.Response> post, AtomicLong counter) {
        try {
            for (int attempt = 0; attempt < 60; attempt++) {
                String payload = body.get();
                if (payload != null) {
                    Outside.Response r = post.apply(payload);
                    if (r.status() >= 200 && r.status() < 300) {
                        counter.incrementAndGet();
                        return;
                    }
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

    /** Stops reading new events and messages (copies already scheduled still go out). */
    void stopScanning() {
        scan();
        scanGovUkPay();
        timer.shutdown();
    }

    /** Extra copies of Stripe events scheduled. */
    long scheduled() {
        return scheduled.get();
    }

    /** Extra copies of Stripe events ingress accepted. */
    long sent() {
        return sent.get();
    }

    /** Extra copies of GOV.UK Pay messages scheduled. */
    long govUkPayScheduled() {
        return govUkPayScheduled.get();
    }

    /** Extra copies of GOV.UK Pay messages ingress accepted. */
    long govUkPaySent() {
        return govUkPaySent.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
