package dev.esim.ingress.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esim.events.Topics;
import dev.esim.events.avro.PaymentEvent;
import dev.esim.ingress.fixtures.StripeFixtures;
import dev.esim.ingress.fixtures.TestSigners;
import dev.esim.testkit.Kafka;
import dev.esim.testkit.TestInfrastructure;
import dev.esim.testkit.WithKafka;
import dev.esim.testkit.WithSchemaRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Kafka goes away (the shared broker is stopped on its port, data kept): the gateway gets 503 within 5 s, never a
 * 2xx, and readiness goes down; once Kafka is back the gateway's retry of the same event is accepted and the event
 * is on the topic — nothing lost.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "esim.ingress.stripe.webhook-secrets=" + IngressFixture.NEW_SECRET})
@WithKafka(topics = {"esim.payments.v1", "esim.provider-events.v1"}, partitions = 3)
@WithSchemaRegistry
class KafkaOutageIT {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Test
    void answers503WhileKafkaIsDownAndAcceptsTheRetryAfterwards() {
        IngressFixture ingress = new IngressFixture(port);
        String orderId = StripeFixtures.uniqueOrderId();
        byte[] body = StripeFixtures.load("checkout.session.completed").eventId(StripeFixtures.uniqueEventId())
                .orderId(orderId).bytes();
        // warm up: metadata and schema id cached, as in a running service
        byte[] warm = StripeFixtures.load("payment_intent.succeeded").eventId(StripeFixtures.uniqueEventId())
                .orderId(StripeFixtures.uniqueOrderId()).bytes();
        assertThat(ingress.deliverStripe(warm,
                () -> TestSigners.stripe(warm, IngressFixture.NEW_SECRET, TestSigners.now()))).isEqualTo(200);
        Kafka kafka = TestInfrastructure.kafka();

        try (var outage = kafka.outage()) {
            long start = System.nanoTime();
            ingress.stripe(body, TestSigners.stripe(body, IngressFixture.NEW_SECRET, TestSigners.now()))
                    .expectStatus().isEqualTo(503)
                    .expectHeader().exists("Retry-After")
                    .expectBody().jsonPath("$.error.code").isEqualTo("server_error");
            // the 3 s publish timeout plus request overhead; a gateway waits far longer than this before it retries
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
            IngressFixture.actuator(managementPort).get().uri("/actuator/health/readiness").exchange()
                    .expectStatus().isEqualTo(503);
        }

        // the gateway retries the same delivery until it gets a 2xx
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int status;
        do {
            status = ingress.stripe(body, TestSigners.stripe(body, IngressFixture.NEW_SECRET, TestSigners.now()))
                    .returnResult(String.class).getStatus().value();
        } while (status != 200 && System.nanoTime() < deadline);
        assertThat(status).isEqualTo(200);
        var records = TopicReader.<PaymentEvent>awaitKey(Topics.PAYMENTS.name(), orderId, 1);
        assertThat(records).isNotEmpty();
        assertThat(records.stream().map(r -> r.value().getEventId()).distinct()).hasSize(1);
        IngressFixture.actuator(managementPort).get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk();
    }
}
