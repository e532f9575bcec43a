package dev.esim.sandbox.govukpay;

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
 * Posts webhook messages like GOV.UK Pay: the frozen JSON body, {@code Pay-Signature} over it, redelivery with
 * doubling back-off while the receiver answers non-2xx or not within the timeout, until {@code retry.max-attempts}.
 * One thread, which also runs the stand-in's timed work (refund settlement, expiry), so the messages of one event
 * leave in the order they were made; receivers must cope with any order, as GOV.UK Pay promises none.
 *
 * <p>{@link #dropDeliveries(boolean) Dropping} turns the receiver's network off: messages are made and listed but
 * never sent, which is what reconciliation exists to recover from.
 */
final class WebhookSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);

    private final GovUkPayProperties properties;
    private final GovUkPayJournal journal;
    private final HttpClient http;
    private final ScheduledExecutorService executor;
    private volatile boolean dropping;

    WebhookSender(GovUkPayProperties properties, GovUkPayJournal journal) {
        this.properties = properties;
        this.journal = journal;
        // HTTP/1.1: the JDK's default h2c upgrade headers confuse some receivers
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.retry().timeout()).build();
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "govukpay-webhooks");
            t.setDaemon(true);
            return t;
        });
    }

    void send(List<WebhookMessage> messages) {
        executor.execute(() -> messages.forEach(m -> attempt(m, 1)));
    }

    /**
     * Takes up the messages a restart found neither delivered, given up nor dropped, where their attempts left off.
     * One answered just before the kill may arrive twice: at least once, as GOV.UK Pay delivers.
     */
    void resume(List<WebhookMessage> messages) {
        List<WebhookMessage> pending = messages.stream()
                .filter(m -> m.progress().delivery() == WebhookMessage.Delivery.PENDING).toList();
        if (!pending.isEmpty()) {
            LOG.info("resuming delivery of {} undelivered GOV.UK Pay webhook messages", pending.size());
            executor.execute(() -> pending.forEach(m -> attempt(m, m.progress().attempts() + 1)));
        }
    }

    void dropDeliveries(boolean drop) {
        dropping = drop;
    }

    boolean dropsDeliveries() {
        return dropping;
    }

    /** Runs {@code task} on the delivery thread after {@code delay}. */
    void schedule(Runnable task, Duration delay) {
        executor.schedule(guarded(task), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} every {@code period} on the delivery thread; a failing run does not stop later ones. */
    void every(Duration period, Runnable task) {
        executor.scheduleWithFixedDelay(guarded(task), period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("GOV.UK Pay stand-in housekeeping failed", e);
            }
        };
    }

    private void attempt(WebhookMessage message, int attempt) {
        if (dropping) {
            message.drop();
            journal.delivery(message);
            LOG.info("GOV.UK Pay webhook {} {} dropped (deliveries are switched off)", message.eventType(),
                    message.id());
            return;
        }
        String url = properties.webhookUrl();
        if (url.isBlank()) {
            return;
        }
        Integer status = WebhookPost.send(http, url, properties.retry().timeout(), message.body(), Map.of(
                "Content-Type", "application/json",
                "User-Agent", "GOV.UK Pay sandbox stand-in",
                PaySignature.HEADER, PaySignature.of(message.body(), properties.webhookSigningSecret())),
                "GOV.UK Pay webhook " + message.id() + " attempt " + attempt);
        if (Thread.currentThread().isInterrupted()) {
            return;
        }
        boolean ok = status != null && status >= 200 && status < 300;
        message.recordAttempt(status, ok);
        boolean last = !ok && attempt >= properties.retry().maxAttempts();
        if (last) {
            message.giveUp();
        }
        journal.delivery(message);
        LOG.info("GOV.UK Pay webhook {} {} attempt {} -> {}", message.eventType(), message.id(), attempt,
                status == null ? "no answer" : status);
        if (ok) {
            return;
        }
        if (last) {
            LOG.warn("GOV.UK Pay webhook {} {} undelivered after {} attempts; GET /govukpay/admin/messages lists it",
                    message.eventType(), message.id(), attempt);
            return;
        }
        Duration wait = properties.retry().backoffBefore(attempt + 1);
        executor.schedule(() -> attempt(message, attempt + 1), wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
