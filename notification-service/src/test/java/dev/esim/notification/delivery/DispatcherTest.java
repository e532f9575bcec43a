package dev.esim.notification.delivery;

import static dev.esim.notification.delivery.DeliveryFixture.LPA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.esim.testkit.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.esim.notification.email.EmailRejectedException;
import dev.esim.notification.email.EmailRenderer;
import dev.esim.notification.email.OrderLinks;
import dev.esim.notification.email.TopUpLinks;
import dev.esim.notification.email.EmailUnavailableException;
import dev.esim.notification.email.Emailer;
import dev.esim.notification.email.OutgoingEmail;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class DispatcherTest {

    static final Instant T0 = Instant.parse("2025-01-10T09:21:10Z");
    static final DeliverySettings SETTINGS = new DeliverySettings("test.local", 10, Duration.ofSeconds(2),
            Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofDays(3));

    final MutableClock clock = new MutableClock(T0);
    final InMemoryDeliveryLog log = new InMemoryDeliveryLog();
    final DeliveryFixture.Orders orders = new DeliveryFixture.Orders()
            .with(DeliveryFixture.order("ord-1", "alex@example.com"))
            .with(DeliveryFixture.order("ord-2", "sam@example.com"));
    final List<OutgoingEmail> inbox = new ArrayList<>();
    final List<Outcome> published = new ArrayList<>();
    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    final EmailRenderer renderer = new EmailRenderer("noreply@test.local",
            OrderLinks.withToken(URI.create("http://localhost/orders/"), id -> "t-" + id),
            TopUpLinks.fromTemplate("https://shop.test/top-up?iccid={iccid}"), 200);
    final Intake intake = new Intake(orders, log, DeliveryFixture.SEE_THROUGH, "test.local", () -> { }, clock);

    Emailer smtp = inbox::add;

    Dispatcher dispatcher() {
        return new Dispatcher(log, orders, DeliveryFixture.SEE_THROUGH, renderer, email -> smtp.send(email),
                outcomes -> {
                    published.addAll(outcomes);
                    return outcomes.size();
                }, new DeliveryMetrics(metrics, log::unfinished), SETTINGS, clock);
    }

    @Test
    void sendsOneEmailPerEventHoweverOftenTheEventArrives() {
        // given the same activation event delivered three times
        for (int i = 0; i < 3; i++) {
            intake.accept(DeliveryFixture.activationReady("evt-1", "ord-1", T0));
        }

        // when the dispatcher runs repeatedly
        dispatcher().sendDue();
        dispatcher().sendDue();

        // then one e-mail went out, addressed to the order's decrypted address, and one EmailSent outcome
        assertThat(inbox).singleElement().satisfies(email -> {
            assertThat(email.to()).isEqualTo("alex@example.com");
            assertThat(email.messageId()).isEqualTo("<evt-1.activation-ready@test.local>");
            assertThat(email.text()).contains("K2-SECRET-CODE");
        });
        assertThat(published).singleElement().satisfies(outcome -> {
            assertThat(outcome.sent()).isTrue();
            assertThat(outcome.messageId()).isEqualTo("<evt-1.activation-ready@test.local>");
        });
        assertThat(metrics.counter("esim.notification.emails.sent", "template", "activation-ready").count())
                .isEqualTo(1.0);
    }

    @Test
    void recordsTheTimeFromActivationEventToSmtpAccept() {
        intake.accept(DeliveryFixture.activationReady("evt-1", "ord-1", T0.minusSeconds(3)));

        dispatcher().sendDue();

        assertThat(metrics.timer("esim.notification.activation.to.smtp.accept").totalTime(
                java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(3.0);
    }

    @Test
    void parksEmailsWhileSmtpIsDownAndSendsEachOnceWhenItReturns() {
        // given SMTP refusing connections
        AtomicBoolean down = new AtomicBoolean(true);
        List<OutgoingEmail> accepted = new ArrayList<>();
        smtp = email -> {
            if (down.get()) {
                throw new EmailUnavailableException("smtp_unreachable", null);
            }
            accepted.add(email);
        };
        intake.accept(DeliveryFixture.activationReady("evt-1", "ord-1", T0));
        intake.accept(DeliveryFixture.refund("evt-2", "ord-2", T0));

        // when the dispatcher keeps trying for an hour
        Dispatcher dispatcher = dispatcher();
        for (int minute = 0; minute < 60; minute++) {
            dispatcher.sendDue();
            clock.advance(Duration.ofMinutes(1));
        }

        // then nothing is lost or failed, and attempts were spaced out by the back-off (not once per round)
        assertThat(log.unfinished()).isEqualTo(2);
        assertThat(published).isEmpty();
        assertThat(log.row("evt-1").attempts).isBetween(5, 25);

        // when SMTP comes back
        down.set(false);
        clock.advance(Duration.ofMinutes(5));
        dispatcher.sendDue();
        dispatcher.sendDue();

        // then each e-mail is delivered exactly once
        assertThat(accepted).extracting(OutgoingEmail::messageId)
                .containsExactlyInAnyOrder("<evt-1.activation-ready@test.local>",
                        "<evt-2.refund-succeeded@test.local>");
        assertThat(published).extracting(Outcome::sent).containsExactly(true, true);
    }

    @Test
    void anEmailWhoseCustomerWasErasedBeforeItWentOutFailsPermanentlyWithoutSending() {
        intake.accept(DeliveryFixture.activationReady("evt-1", "ord-1", T0));
        orders.erase("ord-1");

        dispatcher().sendDue();
        clock.advance(Duration.ofHours(1));
        dispatcher().sendDue();

        assertThat(inbox).isEmpty();
        assertThat(published).singleElement().satisfies(outcome -> {
            assertThat(outcome.sent()).isFalse();
            assertThat(outcome.reason()).isEqualTo("customer_data_erased");
            assertThat(outcome.permanent()).isTrue();
        });
    }

    @Test
    void aRejectedAddressBecomesAPermanentFailureAndIsNotRetried() {
        smtp = email -> {
            throw new EmailRejectedException("recipient_rejected", null);
        };
        intake.accept(DeliveryFixture.activationReady("evt-1", "ord-1", T0));

        dispatcher().sendDue();
        clock.advance(Duration.ofHours(1));
        dispatcher().sendDue();

        assertThat(published).singleElement().satisfies(outcome -> {
            assertThat(outcome.sent()).isFalse();
            assertThat(outcome.reason()).isEqualTo("recipient_rejected");
            assertThat(outcome.permanent()).isTrue();
        });
        assertThat(log.row("evt-1").attempts).isEqualTo(1);
        assertThat(metrics.counter("esim.notification.emails.failed", "template", "activation-ready",
                "reason", "recipient_rejected", "permanent", "true").count()).isEqualTo(1.0);
    }

    @Test
    void aDeliveryLeftSendingByACrashIsResentWithTheSameMessageIdAfterTheThreshold() {
        // given a previous process claimed the delivery, handed it to SMTP, and died before recording "sent"
        intake.accept(DeliveryFixture.activationReady("evt-1", "ord-1", T0));
        log.claimNext(T0, T0.minus(SETTINGS.resendAfter()));

        // when a new process runs before the threshold, then after it
        dispatcher().sendDue();
        assertThat(inbox).isEmpty();
        clock.advance(SETTINGS.resendAfter().plusSeconds(1));
        dispatcher().sendDue();

        // then it is sent again, once, under the same deterministic Message-ID
        assertThat(inbox).singleElement()
                .extracting(OutgoingEmail::messageId).isEqualTo("<evt-1.activation-ready@test.local>");
        assertThat(log.row("evt-1").status).isEqualTo("sent");
    }

    @Test
    void outcomesAfterTheFirstOneTheBrokerDidNotTakeArePublishedLaterAndTheOnesBeforeItOnlyOnce() {
        intake.accept(DeliveryFixture.activationReady("evt-1", "ord-1", T0));
        intake.accept(DeliveryFixture.activationReady("evt-2", "ord-2", T0));
        AtomicBoolean brokerFlaky = new AtomicBoolean(true);
        Dispatcher dispatcher = new Dispatcher(log, orders, DeliveryFixture.SEE_THROUGH, renderer, inbox::add,
                outcomes -> {
                    // a flaky broker takes the first outcome of the batch only
                    int taken = brokerFlaky.getAndSet(false) ? 1 : outcomes.size();
                    published.addAll(outcomes.subList(0, taken));
                    return taken;
                }, new DeliveryMetrics(metrics, log::unfinished), SETTINGS, clock);

        dispatcher.sendDue();
        assertThat(published).hasSize(1);
        dispatcher.sendDue();

        assertThat(inbox).hasSize(2);
        assertThat(published).extracting(Outcome::causeEventId).containsExactlyInAnyOrder("evt-1", "evt-2");
        assertThat(log.unpublished(10)).isEmpty();
    }

    @Test
    void anOutcomeThatCouldNotBePublishedIsPublishedLater() {
        intake.accept(DeliveryFixture.activationReady("evt-1", "ord-1", T0));
        AtomicBoolean kafkaDown = new AtomicBoolean(true);
        Dispatcher dispatcher = new Dispatcher(log, orders, DeliveryFixture.SEE_THROUGH, renderer, inbox::add,
                outcomes -> {
                    if (kafkaDown.get()) {
                        throw new IllegalStateException("broker unavailable");
                    }
                    published.addAll(outcomes);
                    return outcomes.size();
                }, new DeliveryMetrics(metrics, log::unfinished), SETTINGS, clock);

        dispatcher.sendDue();
        kafkaDown.set(false);
        dispatcher.sendDue();

        assertThat(inbox).hasSize(1);
        assertThat(published).singleElement().extracting(Outcome::sent).isEqualTo(true);
    }

    @Test
    void givesUpAfterTheConfiguredTimeAndSaysSoAsATransientFailure() {
        smtp = email -> {
            throw new EmailUnavailableException("smtp_unreachable", null);
        };
        intake.accept(DeliveryFixture.activationReady("evt-1", "ord-1", T0));

        Dispatcher dispatcher = dispatcher();
        dispatcher.sendDue();
        clock.advance(SETTINGS.giveUpAfter().plusMinutes(1));
        dispatcher.sendDue();

        assertThat(published).singleElement().satisfies(outcome -> {
            assertThat(outcome.sent()).isFalse();
            assertThat(outcome.permanent()).isFalse();
            assertThat(outcome.reason()).isEqualTo("gave_up_smtp_unreachable");
        });
    }

    @Test
    void anUndecryptableActivationStringFailsPermanentlyWithoutSending() {
        DeliveryRequest request = DeliveryFixture.activationReady("evt-1", "ord-1", T0);
        log.add(new DeliveryLog.NewDelivery(new DeliveryRequest("evt-1", "ord-1", T0, request.notice(),
                new dev.esim.notification.secret.Sealed("other-key", LPA.getBytes(), "evt-1")),
                request.notice().apply(orders.find("ord-1").orElseThrow()), "<evt-1@test>", T0));

        dispatcher().sendDue();

        assertThat(inbox).isEmpty();
        assertThat(published).singleElement().extracting(Outcome::reason).isEqualTo("undecryptable");
    }
}
