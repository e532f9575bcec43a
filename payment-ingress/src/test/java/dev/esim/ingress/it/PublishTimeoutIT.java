package dev.esim.ingress.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esim.events.Topics;
import dev.esim.events.avro.PaymentEvent;
import dev.esim.ingress.fixtures.StripeFixtures;
import dev.esim.ingress.fixtures.TestSigners;
import dev.esim.testkit.TestInfrastructure;
import dev.esim.testkit.WithKafka;
import dev.esim.testkit.WithSchemaRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The service's own publish timeout answers the gateway, however long the producer would keep trying: here the
 * producer may retry for 20 s, the timeout is 1 s, and the answer is a 503 after about a second. (In the shipped
 * configuration both are 3 s, so {@link KafkaOutageIT} cannot tell which of the two answered.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "esim.ingress.stripe.webhook-secrets=" + IngressFixture.NEW_SECRET,
        "esim.ingress.publish-timeout=1s",
        "spring.kafka.producer.properties.delivery.timeout.ms=20000"})
@WithKafka(topics = {"esim.payments.v1", "esim.provider-events.v1"}, partitions = 3)
@WithSchemaRegistry
class PublishTimeoutIT {

    @LocalServerPort
    int port;

    @Test
    void answers503WhenKafkaDoesNotAcknowledgeWithinThePublishTimeout() {
        IngressFixture ingress = new IngressFixture(port);
        // warm up: metadata and schema id cached, so the send below waits in the producer for the broker
        byte[] warm = StripeFixtures.load("payment_intent.succeeded").eventId(StripeFixtures.uniqueEventId())
                .orderId(StripeFixtures.uniqueOrderId()).bytes();
        assertThat(ingress.deliverStripe(warm,
                () -> TestSigners.stripe(warm, IngressFixture.NEW_SECRET, TestSigners.now()))).isEqualTo(200);
        String orderId = StripeFixtures.uniqueOrderId();
        byte[] body = StripeFixtures.load("checkout.session.completed").eventId(StripeFixtures.uniqueEventId())
                .orderId(orderId).bytes();

        try (var outage = TestInfrastructure.kafka().outage()) {
            long start = System.nanoTime();
            ingress.stripe(body, TestSigners.stripe(body, IngressFixture.NEW_SECRET, TestSigners.now()))
                    .expectStatus().isEqualTo(503)
                    .expectHeader().valueEquals("Retry-After", "5")
                    .expectBody().jsonPath("$.error.code").isEqualTo("server_error");
            Duration answeredAfter = Duration.ofNanos(System.nanoTime() - start);
            assertThat(answeredAfter).isGreaterThanOrEqualTo(Duration.ofSeconds(1))
                    .as("the service's timeout, not the producer's 20 s").isLessThan(Duration.ofSeconds(10));
        }

        // the producer was still holding the record: once the broker is back it may land, under its one event id,
        // and the gateway's retry is accepted either way
        int status = ingress.deliverStripe(body,
                () -> TestSigners.stripe(body, IngressFixture.NEW_SECRET, TestSigners.now()));
        assertThat(status).isEqualTo(200);
        var records = TopicReader.<PaymentEvent>awaitKey(Topics.PAYMENTS.name(), orderId, 1);
        assertThat(records.stream().map(r -> r.value().getEventId()).distinct()).hasSize(1);
    }
}
