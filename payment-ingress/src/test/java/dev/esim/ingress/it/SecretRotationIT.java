package dev.esim.ingress.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esim.events.Topics;
import dev.esim.events.avro.PaymentEvent;
import dev.esim.ingress.fixtures.StripeFixtures;
import dev.esim.ingress.fixtures.TestSigners;
import dev.esim.testkit.WithKafka;
import dev.esim.testkit.WithSchemaRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** After the rotation finished: the old secret has been removed from configuration and is refused. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "esim.ingress.stripe.webhook-secrets=" + IngressFixture.NEW_SECRET)
@WithKafka(topics = {"esim.payments.v1", "esim.provider-events.v1"}, partitions = 3)
@WithSchemaRegistry
class SecretRotationIT {

    @LocalServerPort
    int port;

    @Test
    void refusesTheRemovedSecretAndAcceptsTheNewOne() {
        IngressFixture ingress = new IngressFixture(port);
        String refused = StripeFixtures.uniqueOrderId();
        String accepted = StripeFixtures.uniqueOrderId();
        byte[] old = StripeFixtures.load("payment_intent.succeeded").eventId(StripeFixtures.uniqueEventId())
                .orderId(refused).bytes();
        byte[] fresh = StripeFixtures.load("payment_intent.succeeded").eventId(StripeFixtures.uniqueEventId())
                .orderId(accepted).bytes();

        ingress.stripe(old, TestSigners.stripe(old, IngressFixture.OLD_SECRET, TestSigners.now()))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error.code").isEqualTo("signature_invalid");
        assertThat(ingress.deliverStripe(fresh,
                () -> TestSigners.stripe(fresh, IngressFixture.NEW_SECRET, TestSigners.now()))).isEqualTo(200);

        assertThat(TopicReader.<PaymentEvent>awaitKey(Topics.PAYMENTS.name(), accepted, 1)).isNotEmpty();
        assertThat(TopicReader.keys(Topics.PAYMENTS.name())).doesNotContain(refused);
    }
}
