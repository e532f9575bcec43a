package dev.esim.ingress.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.esim.events.EventIds;
import dev.esim.events.Topics;
import dev.esim.events.avro.PaymentEvent;
import dev.esim.ingress.event.Envelope;
import dev.esim.ingress.event.Fact;
import dev.esim.ingress.event.Money;
import dev.esim.ingress.fixtures.ProviderFixtures;
import dev.esim.ingress.it.TopicReader;
import dev.esim.testkit.TestInfrastructure;
import dev.esim.testkit.WithKafka;
import dev.esim.testkit.WithSchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.ProducerListener;

/**
 * The publisher is called on the event loop, so it must never block: only the first record of each (topic, schema),
 * whose serialisation may ask the schema registry, goes through the pool meant for blocking; and a producer with no
 * metadata (here: a fresh one while the broker is away) fails at once with {@code NotSentYet} instead of waiting.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@WithKafka(topics = {"esim.payments.v1", "esim.provider-events.v1"}, partitions = 3)
@WithSchemaRegistry
class KafkaEventPublisherIT {

    @Autowired
    KafkaTemplate<String, Object> template;

    @Autowired
    PublishConfiguration.Ciphers ciphers;

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final AtomicInteger pooledSends = new AtomicInteger();
    private final Executor countingPool = task -> {
        pooledSends.incrementAndGet();
        pool.execute(task);
    };

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void onlyTheFirstRecordOfEachSchemaGoesThroughTheBlockingPool() throws Exception {
        // a fresh producer: no metadata yet, so its first send is also tried again until the metadata is there
        var factory = new DefaultKafkaProducerFactory<String, Object>(producerConfig());
        try {
            var publisher = new KafkaEventPublisher(templateOn(factory), mapping(), countingPool);
            String firstOrder = "ord_" + UUID.randomUUID();
            String secondOrder = "ord_" + UUID.randomUUID();

            var first = publisher.publish(payment(firstOrder)).get(10, TimeUnit.SECONDS);
            int pooledBefore = pooledSends.get();
            var second = publisher.publish(payment(secondOrder)).get(10, TimeUnit.SECONDS);
            int pooledForSecond = pooledSends.get() - pooledBefore;
            var provider = publisher.publish(activationReady()).get(10, TimeUnit.SECONDS);

            assertThat(pooledBefore).as("the first payment event is sent from the pool").isPositive();
            assertThat(pooledForSecond).as("the second one is sent from the caller's thread").isZero();
            assertThat(pooledSends.get() - pooledBefore).as("a new schema goes through the pool again").isPositive();
            assertThat(first.topic()).isEqualTo(Topics.PAYMENTS.name());
            assertThat(second.topic()).isEqualTo(Topics.PAYMENTS.name());
            assertThat(provider.topic()).isEqualTo(Topics.PROVIDER_EVENTS.name());
            assertThat(TopicReader.<PaymentEvent>awaitKey(Topics.PAYMENTS.name(), firstOrder, 1)).hasSize(1);
            assertThat(TopicReader.<PaymentEvent>awaitKey(Topics.PAYMENTS.name(), secondOrder, 1)).hasSize(1);
        } finally {
            factory.destroy();
        }
    }

    @Test
    void aProducerWithoutMetadataNeverBlocksTheCallerAndGivesUpAtItsDeliveryTimeout() throws Exception {
        var factory = new DefaultKafkaProducerFactory<String, Object>(producerConfig());
        AvroMapping mapping = mapping();
        Envelope envelope = payment("ord_" + UUID.randomUUID());
        mapping.payment(envelope); // Avro and Tink initialised: the timing below is the publisher's alone
        try (var outage = TestInfrastructure.kafka().outage()) {
            // a fresh producer knows no topic, and the broker it would ask is away; the direct executor makes even the
            // first send run on this thread, as a send from the event loop would
            var publisher = new KafkaEventPublisher(templateOn(factory), mapping, Runnable::run);
            long start = System.nanoTime();
            CompletableFuture<EventPublisher.Published> sent = publisher.publish(envelope);
            Duration returnedAfter = Duration.ofNanos(System.nanoTime() - start);

            // with max.block.ms=1500 (the old setting) this call blocked for 1.5 s
            assertThat(returnedAfter).isLessThan(Duration.ofSeconds(1));
            assertThat(sent).isNotDone();
            // tried again until delivery.timeout.ms (3 s), then reported as never sent
            assertThatThrownBy(() -> sent.get(15, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(EventPublisher.NotSentYet.class);
        } finally {
            factory.destroy();
        }
    }

    /** A template of its own, quiet like the service's (its producer listener does not log failed records). */
    private KafkaTemplate<String, Object> templateOn(DefaultKafkaProducerFactory<String, Object> factory) {
        var own = new KafkaTemplate<>(factory);
        own.setProducerListener(new ProducerListener<>() {
        });
        return own;
    }

    private Map<String, Object> producerConfig() {
        return template.getProducerFactory().getConfigurationProperties();
    }

    private AvroMapping mapping() {
        return new AvroMapping(ciphers.pii(), ciphers.activation());
    }

    private static Envelope payment(String orderId) {
        String stripeId = "evt_" + UUID.randomUUID();
        return new Envelope(EventIds.derive("stripe", stripeId), Instant.now(), orderId, stripeId, "stripe",
                "payment_intent.succeeded", false, "{}".getBytes(StandardCharsets.UTF_8),
                new Fact.PaymentSucceeded(new Money(1499, "usd"), null, "pi_1"), orderId);
    }

    private static Envelope activationReady() {
        String eventId = "evt_" + UUID.randomUUID();
        String orderId = "ord_" + UUID.randomUUID();
        return new Envelope(EventIds.derive("simology", eventId), Instant.now(), orderId, eventId, "simology",
                "activation.ready", false, ProviderFixtures.simologyActivationReady(eventId, orderId),
                new Fact.ActivationReady("ord_7Hq", "8988307000001234567", ProviderFixtures.LPA, null,
                        Instant.parse("2025-02-09T23:59:59Z")), orderId);
    }
}
