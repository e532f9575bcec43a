package dev.esim.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.esim.testkit.MutableClock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import dev.esim.notification.email.Notice;
import dev.esim.notification.secret.Unsealer;
import org.junit.jupiter.api.Test;

class IntakeTest {

    static final Instant T0 = Instant.parse("2025-01-10T09:21:10Z");

    final InMemoryDeliveryLog log = new InMemoryDeliveryLog();
    final DeliveryFixture.Orders orders = new DeliveryFixture.Orders();
    final AtomicInteger wakeUps = new AtomicInteger();
    final Intake intake = new Intake(orders, log, DeliveryFixture.SEE_THROUGH, "test.local",
            wakeUps::incrementAndGet, new MutableClock(T0));

    @Test
    void anEventForAnOrderNotYetReadIsRefusedForRetry() {
        assertThatThrownBy(() -> intake.accept(DeliveryFixture.activationReady("evt-1", "ord-1", T0)))
                .isInstanceOf(OrderNotYetKnownException.class);
        assertThat(log.rows).isEmpty();
    }

    @Test
    void acceptsOnceAndWakesTheDispatcherOnce() {
        orders.with(DeliveryFixture.order("ord-1", "alex@example.com"));

        boolean first = intake.accept(DeliveryFixture.activationReady("evt-1", "ord-1", T0));
        boolean again = intake.accept(DeliveryFixture.activationReady("evt-1", "ord-1", T0));

        assertThat(first).isTrue();
        assertThat(again).isFalse();
        assertThat(wakeUps).hasValue(1);
        assertThat(log.row("evt-1").messageId).isEqualTo("<evt-1.activation-ready@test.local>");
    }

    @Test
    void anEventAboutAnOrderWhoseCustomerDataWasErasedIsNotEmailedAndNotRetried() {
        orders.with(DeliveryFixture.order("ord-1", "alex@example.com")).erase("ord-1");

        boolean accepted = intake.accept(DeliveryFixture.activationReady("evt-1", "ord-1", T0));

        assertThat(accepted).isFalse();
        assertThat(log.rows).isEmpty();
        assertThat(wakeUps).hasValue(0);
    }

    @Test
    void failureAndRefundEmailsNameThePlanFromTheOrder() {
        orders.with(DeliveryFixture.order("ord-1", "alex@example.com"));

        intake.accept(DeliveryFixture.refund("evt-9", "ord-1", T0));

        assertThat(log.row("evt-9").notice).isEqualTo(new Notice.RefundSucceeded(1499, "EUR", "Europe 5 GB"));
    }

    @Test
    void refusesAnActivationStringThatDoesNotDecryptOrParse() {
        orders.with(DeliveryFixture.order("ord-1", "alex@example.com"));
        DeliveryRequest good = DeliveryFixture.activationReady("evt-1", "ord-1", T0);

        assertThatThrownBy(() -> intake.accept(new DeliveryRequest("evt-1", "ord-1", T0, good.notice(),
                DeliveryFixture.seal("not an LPA", "evt-1")))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> intake.accept(new DeliveryRequest("evt-1", "ord-1", T0, good.notice(),
                new dev.esim.notification.secret.Sealed("other", new byte[] {1}, "evt-1"))))
                .isInstanceOf(Unsealer.UnsealException.class);
        assertThat(log.rows).isEmpty();
    }
}
