package dev.esim.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esim.events.EventIds;
import dev.esim.events.Topics;
import dev.esim.testkit.TestInfrastructure;
import dev.esim.testkit.WithKafka;
import dev.esim.testkit.WithSchemaRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

@WithKafka
@WithSchemaRegistry
class OrderTimelineIT {

    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(10));
    private static final KafkaFixture KAFKA = new KafkaFixture();

    @AfterAll
    static void closeProducer() {
        KAFKA.close();
    }

    @Test
    void showsOneOrdersEventsAcrossTopicsInTimeOrderWithSecretsMasked() {
        // given an order placed, a failed then a successful payment, and another order's events beside them;
        // payments are written first, so only time can put them in order
        TestInfrastructure.kafka().createTopic(Topics.ORDERS.name(), Topics.ORDERS.partitions());
        TestInfrastructure.kafka().createTopic(Topics.PAYMENTS.name(), Topics.PAYMENTS.partitions());
        String order = "ord_tl_" + UUID.randomUUID().toString().substring(0, 8);
        String other = "ord_tl_other_" + UUID.randomUUID().toString().substring(0, 8);
        KAFKA.send(Topics.PAYMENTS.name(), null, T0, order, EventFixture.paymentFailed(order, T0.plusSeconds(60)));
        KAFKA.send(Topics.PAYMENTS.name(), null, T0, order, EventFixture.paymentSucceeded(order, T0.plusSeconds(120)));
        KAFKA.send(Topics.PAYMENTS.name(), null, T0, other, EventFixture.paymentSucceeded(other, T0.plusSeconds(90)));
        KAFKA.send(Topics.ORDERS.name(), null, T0, order, EventFixture.orderPlaced(order, T0));
        KAFKA.send(Topics.ORDERS.name(), null, T0, other, EventFixture.orderPlaced(other, T0));

        // when
        CliRun run = CliRun.of("order", order);

        // then
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("3 event(s) for order " + order).doesNotContain(other);
        List<String> events = run.out().lines().skip(1).limit(3).toList();
        assertThat(events.get(0)).startsWith(T0.toString()).contains(Topics.ORDERS.name(), "OrderPlaced",
                EventIds.derive("order-placed", order), "idem-" + order, "total=19.99 USD",
                "customer_email=<encrypted:pii/sandbox>");
        assertThat(events.get(1)).startsWith(T0.plusSeconds(60).toString())
                .contains(Topics.PAYMENTS.name(), "PaymentFailed", "evt_ko_" + order, "reason=card_declined");
        assertThat(events.get(2)).startsWith(T0.plusSeconds(120).toString())
                .contains(Topics.PAYMENTS.name(), "PaymentSucceeded", EventIds.derive("stripe", "evt_ok_" + order),
                        "amount=19.99 USD");
        assertThat(run.out() + run.err()).doesNotContain(EventFixture.emailOf(order));
    }

    @Test
    void jsonOutputHasOneMaskedObjectPerEvent() {
        TestInfrastructure.kafka().createTopic(Topics.ACTIVATIONS.name(), Topics.ACTIVATIONS.partitions());
        String order = "ord_tl_json_" + UUID.randomUUID().toString().substring(0, 8);
        KAFKA.send(Topics.ACTIVATIONS.name(), null, T0, order, EventFixture.activationReady(order, "simology", T0));

        CliRun run = CliRun.of("order", order, "--json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.jsonLines()).hasSize(1);
        com.fasterxml.jackson.databind.JsonNode json = KafkaFixture.parse(run.jsonLines().get(0));
        assertThat(json.get("event_type").asText()).isEqualTo("ActivationReady");
        assertThat(json.get("topic").asText()).isEqualTo(Topics.ACTIVATIONS.name());
        assertThat(json.at("/value/payload/lpa").asText()).isEqualTo("<encrypted:activation/sandbox>");
        assertThat(run.out()).doesNotContain("SECRET-CODE");
    }
}
