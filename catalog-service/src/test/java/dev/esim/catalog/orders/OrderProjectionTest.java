package dev.esim.catalog.orders;

import static dev.esim.catalog.orders.OrderFact.Kind.EXPIRED;
import static dev.esim.catalog.orders.OrderFact.Kind.LINE_READY;
import static dev.esim.catalog.orders.OrderFact.Kind.PAYMENT_DECLINED;
import static dev.esim.catalog.orders.OrderFact.Kind.PAYMENT_SUCCEEDED;
import static dev.esim.catalog.orders.OrderFact.Kind.PROVIDER_DELAYED;
import static dev.esim.catalog.orders.OrderFact.Kind.PROVIDER_PROGRESS;
import static dev.esim.catalog.orders.OrderFact.Kind.PROVISIONING_FAILED;
import static dev.esim.catalog.orders.OrderFact.Kind.REFUNDED;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The projection over many shuffled, duplicated event streams ends where the journey ended, never going back. */
class OrderProjectionTest {

    private static final int SHUFFLES = 1_000;

    static Stream<Arguments> journeys() {
        return Stream.of(
                Arguments.of("paid and activated", 1, List.of(
                        fact("e1", PAYMENT_SUCCEEDED), line("e2", "8988307000000000001")), OrderStatus.ACTIVE),
                Arguments.of("async activation", 1, List.of(
                        fact("e1", PAYMENT_SUCCEEDED), fact("e2", PROVIDER_PROGRESS),
                        line("e3", "8988307000000000001")), OrderStatus.ACTIVE),
                Arguments.of("activated then refunded", 1, List.of(
                        fact("e1", PAYMENT_SUCCEEDED), line("e2", "8988307000000000001"), fact("e3", REFUNDED)),
                        OrderStatus.REFUNDED),
                Arguments.of("provisioning failed", 1, List.of(
                        fact("e1", PAYMENT_SUCCEEDED), fact("e2", PROVIDER_PROGRESS),
                        fact("e3", PROVISIONING_FAILED)), OrderStatus.FAILED),
                Arguments.of("waiting for the provider's balance", 1, List.of(
                        fact("e1", PAYMENT_SUCCEEDED), fact("e2", PROVIDER_DELAYED)), OrderStatus.AWAITING_PROVIDER),
                Arguments.of("waited, then issued", 1, List.of(
                        fact("e1", PAYMENT_SUCCEEDED), fact("e2", PROVIDER_DELAYED),
                        line("e3", "8988307000000000001")), OrderStatus.ACTIVE),
                Arguments.of("waited past the deadline, refunded", 1, List.of(
                        fact("e1", PAYMENT_SUCCEEDED), fact("e2", PROVIDER_DELAYED), fact("e3", PROVISIONING_FAILED),
                        fact("e4", REFUNDED)), OrderStatus.REFUNDED),
                Arguments.of("failed then refunded", 1, List.of(
                        fact("e1", PAYMENT_SUCCEEDED), fact("e2", PROVISIONING_FAILED), fact("e3", REFUNDED)),
                        OrderStatus.REFUNDED),
                Arguments.of("declined, then paid", 1, List.of(
                        fact("e1", PAYMENT_DECLINED), fact("e2", PAYMENT_SUCCEEDED)), OrderStatus.PAID),
                Arguments.of("expired unpaid", 1, List.of(
                        fact("e1", PAYMENT_DECLINED), fact("e2", EXPIRED)), OrderStatus.EXPIRED),
                Arguments.of("payment raced the expiry", 1, List.of(
                        fact("e1", EXPIRED), fact("e2", PAYMENT_SUCCEEDED)), OrderStatus.PAID),
                Arguments.of("two eSIMs, both ready", 2, List.of(
                        fact("e1", PAYMENT_SUCCEEDED), line("e2", "8988307000000000001"),
                        line("e3", "8988307000000000002")), OrderStatus.ACTIVE),
                Arguments.of("two eSIMs, one reported twice under two ids", 2, List.of(
                        fact("e1", PAYMENT_SUCCEEDED), line("e2", "8988307000000000001"),
                        line("e3", "8988307000000000001")), OrderStatus.PROVISIONING));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("journeys")
    void endsInTheSameStatusWhateverTheOrderAndDuplicatesAndNeverMovesBackwards(String journey, int units,
                                                                               List<OrderFact> facts,
                                                                               OrderStatus expected) {
        Random random = new Random(journey.hashCode());
        for (int run = 0; run < SHUFFLES; run++) {
            // given the journey's events, some delivered two or three times, in a random order
            List<OrderFact> delivered = new ArrayList<>(facts);
            for (OrderFact f : facts) {
                for (int copies = random.nextInt(3); copies > 0; copies--) {
                    delivered.add(f);
                }
            }
            Collections.shuffle(delivered, random);

            // when they are applied one by one
            OrderProjection projection = new OrderProjection(units);
            OrderStatus previous = projection.status();
            for (OrderFact f : delivered) {
                OrderStatus now = projection.apply(f);
                // then no step goes backwards
                assertThat(now).as("%s after %s (run %d: %s)", previous, f.kind(), run, delivered)
                        .isGreaterThanOrEqualTo(previous);
                previous = now;
            }
            // and the journey ends where it really ended
            assertThat(previous).as("run %d: %s", run, delivered).isEqualTo(expected);
        }
    }

    @Test
    void aLatePaymentSucceededAfterActivationReadyKeepsActive() {
        // given
        OrderProjection projection = new OrderProjection(1);
        projection.apply(line("e2", "8988307000000000001"));

        // when
        OrderStatus status = projection.apply(fact("e1", PAYMENT_SUCCEEDED));

        // then
        assertThat(status).isEqualTo(OrderStatus.ACTIVE);
    }

    @Test
    void anOrderWithoutEventsAwaitsPayment() {
        assertThat(new OrderProjection(1).status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
        assertThat(OrderStatus.PENDING_PAYMENT.wireName()).isEqualTo("pending_payment");
    }

    private static OrderFact fact(String eventId, OrderFact.Kind kind) {
        return OrderFact.of(eventId, "ord_1", kind, Instant.EPOCH);
    }

    private static OrderFact line(String eventId, String iccid) {
        return new OrderFact(eventId, "ord_1", LINE_READY, iccid, null, Instant.EPOCH, null);
    }
}
