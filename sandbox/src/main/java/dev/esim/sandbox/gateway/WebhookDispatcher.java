package dev.esim.sandbox.gateway;

import dev.esim.sandbox.webhook.WebhookPost;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts signed events to the configured endpoint like Stripe: {@code Content-Type: application/json; charset=utf-8},
 * {@code Stripe-Signature} freshly signed per attempt, redelivery with exponential back-off while the receiver
 * answers non-2xx. One thread, so the events of one click arrive in the order they were emitted (Stripe does not
 * promise order; receivers must cope either way, but a predictable sandbox is easier to debug).
 */
final class WebhookDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final GatewayProperties properties;
    private final GatewayJournal journal;
    private final HttpClient http;
    private final ScheduledExecutorService executor;

    WebhookDispatcher(GatewayProperties properties, GatewayJournal journal) {
        this.properties = properties;
        this.journal = journal;
        // HTTP/1.1 as Stripe's senders use; the JDK's default h2c upgrade headers confuse some receivers
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.retry().timeout()).build();
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gateway-webhooks");
            t.setDaemon(true);
            return t;
        });
    }

    void send(List<WebhookEvent> events) {
        sendLater(events, Duration.ZERO);
    }

    void sendLater(List<WebhookEvent> events, Duration delay) {
        executor.schedule(() -> events.forEach(e -> attempt(e, 1)), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Takes up delivery of the events a restart found undelivered and not given up, where their attempts left off.
     * The receiver may see one again that it had answered just before the kill: at least once, as Stripe delivers.
     */
    void resume(List<WebhookEvent> events) {
        List<WebhookEvent> pending = events.stream().filter(e -> !e.delivered() && !e.gaveUp()).toList();
        if (!pending.isEmpty()) {
            LOG.info("resuming delivery of {} undelivered webhook events", pending.size());
            executor.execute(() -> pending.forEach(e -> attempt(e, e.attempts() + 1)));
        }
    }

    /** Runs {@code task} on the delivery thread after {@code delay}, ordered with deliveries. */
    void schedule(Runnable task, Duration delay) {
        executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} every {@code period} on the delivery thread; a failing run does not stop later ones. */
    void every(Duration period, Runnable task) {
        executor.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("gateway housekeeping failed", e);
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void attempt(WebhookEvent event, int attempt) {
        String url = properties.webhookUrl();
        if (url.isBlank()) {
            return;
        }
        Integer status = WebhookPost.send(http, url, properties.retry().timeout(), event.payload(), Map.of(
                "Content-Type", "application/json; charset=utf-8",
                "User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
                "Stripe-Signature", StripeSigner.header(event.payload(), properties.webhookSecret())),
                "webhook " + event.id() + " attempt " + attempt);
        if (Thread.currentThread().isInterrupted()) {
            return;
        }
        boolean ok = status != null && status >= 200 && status < 300;
        event.recordAttempt(status, ok);
        boolean last = !ok && attempt >= properties.retry().maxAttempts();
        if (last) {
            event.giveUp();
        }
        journal.delivery(event);
        LOG.info("webhook {} {} attempt {} -> {}", event.type(), event.id(), attempt,
                status == null ? "no answer" : status);
        if (ok) {
            return;
        }
        if (last) {
            LOG.warn("webhook {} {} undelivered after {} attempts;"
                    + " GET /stripe/v1/events?delivery_success=false lists it",
                    event.type(), event.id(), attempt);
            return;
        }
        Duration wait = properties.retry().backoffBefore(attempt + 1);
        executor.schedule(() -> attempt(event, attempt + 1), wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
