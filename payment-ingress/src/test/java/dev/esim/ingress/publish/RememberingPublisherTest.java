package dev.esim.ingress.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esim.events.EventIds;
import dev.esim.ingress.event.Envelope;
import dev.esim.ingress.event.Fact;
import dev.esim.ingress.event.Money;
import dev.esim.ingress.publish.EventPublisher.Published;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RememberingPublisherTest {

    private final Kafka kafka = new Kafka();
    private final AtomicLong nanos = new AtomicLong();
    private final RememberingPublisher publisher =
            new RememberingPublisher(kafka, Duration.ofMinutes(10), 1_000, nanos::get);

    @Test
    void aRepeatedDeliveryIsAnsweredWithWhereTheFirstCopyLandedAndNothingIsWritten() {
        Envelope first = payment("evt_1");
        Published landed = publisher.publish(first).join();

        Published again = publisher.publish(payment("evt_1")).join();

        assertThat(again).isEqualTo(landed.asRepeat());
        assertThat(landed.repeat()).isFalse();
        assertThat(kafka.written).containsExactly(first.eventId());
    }

    @Test
    void differentEventsAreEachWritten() {
        publisher.publish(payment("evt_1")).join();
        publisher.publish(payment("evt_2")).join();

        assertThat(kafka.written).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void aPublishThatFailedOrIsStillInFlightIsNotRemembered() {
        kafka.failNext = true;
        assertThat(publisher.publish(payment("evt_1"))).isCompletedExceptionally();
        kafka.holdNext = true;
        CompletableFuture<Published> inFlight = publisher.publish(payment("evt_1"));

        assertThat(publisher.publish(payment("evt_1")).join()).isNotNull();

        assertThat(inFlight).isNotDone();
        assertThat(kafka.written).hasSize(3);
    }

    @Test
    void cancellingTheAnswerReachesThePublishersOwnFuture() {
        kafka.holdNext = true;
        CompletableFuture<Published> publishing = publisher.publish(payment("evt_1"));

        publishing.cancel(false);

        assertThat(kafka.held).isCancelled();
    }

    @Test
    void afterTheWindowTheEventIsPublishedAgain() {
        publisher.publish(payment("evt_1")).join();
        nanos.addAndGet(Duration.ofMinutes(10).plusSeconds(1).toNanos());

        publisher.publish(payment("evt_1")).join();

        assertThat(kafka.written).hasSize(2);
    }

    private static Envelope payment(String stripeId) {
        return new Envelope(EventIds.derive("stripe", stripeId), Instant.now(), "ord_1", stripeId, "stripe",
                "payment_intent.succeeded", false, "{}".getBytes(StandardCharsets.UTF_8),
                new Fact.PaymentSucceeded(new Money(1499, "usd"), null, "pi_1"), "ord_1");
    }

    /** Writes each record at the next offset; can fail or hold the next one. */
    private static final class Kafka implements EventPublisher {
        final List<String> written = new ArrayList<>();
        boolean failNext;
        boolean holdNext;
        CompletableFuture<Published> held;

        @Override
        public CompletableFuture<Published> publish(Envelope envelope) {
            written.add(envelope.eventId());
            if (failNext) {
                failNext = false;
                return CompletableFuture.failedFuture(new IllegalStateException("broker down"));
            }
            if (holdNext) {
                holdNext = false;
                held = new CompletableFuture<>();
                return held;
            }
            return CompletableFuture.completedFuture(new Published("esim.payments.v1", 0, written.size() - 1));
        }
    }
}
