package dev.esim.notification.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.esim.notification.email.EmailRejectedException;
import dev.esim.notification.email.EmailRenderer;
import dev.esim.notification.email.EmailUnavailableException;
import dev.esim.notification.email.Emailer;
import dev.esim.notification.email.Lpa;
import dev.esim.notification.email.OutgoingEmail;
import dev.esim.notification.order.CustomerOrder;
import dev.esim.notification.order.OrderBook;
import dev.esim.notification.secret.Unsealer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The send policy. For each due delivery: claim it ({@code sending}, committed), decrypt and render, hand it to SMTP
 * once, record the outcome, then publish {@code EmailSent}/{@code EmailFailed}.
 *
 * <ul>
 *   <li>SMTP accepted → {@code sent}. Rejected for good (bad address) → {@code failed}, permanent.</li>
 *   <li>SMTP unavailable → back to {@code pending} with exponential back-off, and the batch stops: the server is down
 *       for everyone, hammering it helps nobody. Rows wait in Postgres however long the outage lasts (up to
 *       {@code giveUpAfter}); nothing is lost and nothing blocks the Kafka consumers.</li>
 *   <li>Crash between SMTP accept and {@code sent}: the row stays {@code sending}; after {@code resendAfter} it is sent
 *       again with the same Message-ID. At most one duplicate, recognisable as such; never zero e-mails.</li>
 * </ul>
 */
final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final DeliveryLog log;
    private final OrderBook orders;
    private final Unsealer unsealer;
    private final EmailRenderer renderer;
    private final Emailer emailer;
    private final NotificationEvents events;
    private final DeliveryMetrics metrics;
    private final DeliverySettings settings;
    private final Clock clock;

    public Dispatcher(DeliveryLog log, OrderBook orders, Unsealer unsealer, EmailRenderer renderer, Emailer emailer,
            NotificationEvents events, DeliveryMetrics metrics, DeliverySettings settings, Clock clock) {
        this.log = log;
        this.orders = orders;
        this.unsealer = unsealer;
        this.renderer = renderer;
        this.emailer = emailer;
        this.events = events;
        this.metrics = metrics;
        this.settings = settings;
        this.clock = clock;
    }

    /** Sends up to one batch of due e-mails and publishes finished outcomes; returns how many were claimed. */
    public int sendDue() {
        int claimed = 0;
        while (claimed < settings.batchSize()) {
            Instant now = clock.instant();
            Optional<Delivery> next = log.claimNext(now, now.minus(settings.resendAfter()));
            if (next.isEmpty()) {
                break;
            }
            claimed++;
            if (!deliver(next.get())) {
                break;
            }
        }
        publishOutcomes();
        return claimed;
    }

    /** @return false if SMTP is unavailable (stop this batch) */
    private boolean deliver(Delivery delivery) {
        if (delivery.resumedSending()) {
            LOG.warn("Delivery {} was left 'sending' by a previous run; sending again with the same Message-ID {}",
                    delivery.eventId(), delivery.messageId());
        }
        // A failing database throws from here and leaves the row 'sending': it is retried after resendAfter.
        Optional<CustomerOrder> found = orders.find(delivery.orderId());
        if (found.isEmpty() && orders.erased(delivery.orderId())) {
            // the retention purge erased the address while this e-mail was being accepted
            fail(delivery, "customer_data_erased", true);
            return true;
        }
        CustomerOrder order = found
                .orElseThrow(() -> new IllegalStateException("Order " + delivery.orderId() + " vanished"));
        OutgoingEmail email;
        try {
            String to = unsealer.open(order.email());
            Lpa lpa = delivery.lpa() == null ? null : Lpa.parse(unsealer.open(delivery.lpa()));
            email = renderer.render(delivery.messageId(), to, delivery.orderId(), delivery.notice(), lpa);
        } catch (Unsealer.UnsealException ex) {
            fail(delivery, "undecryptable", true);
            return true;
        } catch (RuntimeException ex) {
            // Exception messages are not logged: they may quote the decrypted values.
            LOG.error("Could not render delivery {} ({})", delivery.eventId(), ex.getClass().getName());
            fail(delivery, "unrenderable", true);
            return true;
        }
        try {
            emailer.send(email);
        } catch (EmailRejectedException ex) {
            fail(delivery, ex.reason(), true);
            return true;
        } catch (EmailUnavailableException ex) {
            postpone(delivery, ex.reason());
            return false;
        }
        Instant acceptedAt = clock.instant();
        log.markSent(delivery.eventId(), acceptedAt);
        metrics.sent(delivery.template(), Duration.between(delivery.eventOccurredAt(), acceptedAt));
        LOG.info("Sent {} e-mail for order {} (event {}, Message-ID {})", delivery.template().id(),
                delivery.orderId(), delivery.eventId(), delivery.messageId());
        return true;
    }

    private void postpone(Delivery delivery, String reason) {
        Instant now = clock.instant();
        metrics.retried(reason);
        if (!now.isBefore(delivery.receivedAt().plus(settings.giveUpAfter()))) {
            fail(delivery, "gave_up_" + reason, false);
            return;
        }
        Instant next = now.plus(settings.backoff(delivery.attempts()));
        log.retryLater(delivery.eventId(), next, reason);
        LOG.warn("SMTP unavailable ({}) for delivery {}; attempt {} failed, next at {}", reason, delivery.eventId(),
                delivery.attempts(), next);
    }

    private void fail(Delivery delivery, String reason, boolean permanent) {
        log.markFailed(delivery.eventId(), reason, permanent, clock.instant());
        metrics.failed(delivery.template(), reason, permanent);
        LOG.warn("E-mail {} for order {} (event {}) failed: {} (permanent={})", delivery.template().id(),
                delivery.orderId(), delivery.eventId(), reason, permanent);
    }

    /**
     * The outbox half: outcomes are in Postgres first, on Kafka after; a crash in between republishes (same id).
     * A batch at a time, marked published together once the brokers have acknowledged it. One dispatch thread at a
     * time, or two threads would publish the same unpublished outcomes.
     */
    synchronized void publishOutcomes() {
        List<Outcome> outcomes = log.unpublished(settings.batchSize());
        if (outcomes.isEmpty()) {
            return;
        }
        int written;
        try {
            written = events.publish(outcomes);
        } catch (RuntimeException ex) {
            LOG.warn("Could not publish {} outcomes yet ({}); will retry", outcomes.size(),
                    ex.getClass().getSimpleName());
            return;
        }
        log.markPublished(outcomes.subList(0, written).stream().map(Outcome::causeEventId).toList());
    }
}
