package dev.esim.catalog.it;

import dev.esim.catalog.plans.CatalogSync;
import dev.esim.events.OrderTokens;
import dev.esim.events.crypto.Keysets;
import dev.esim.events.serde.ConfluentAvroDeserializer;
import dev.esim.events.serde.ConfluentAvroSerializer;
import dev.esim.testkit.KafkaRecords;
import dev.esim.testkit.TestInfrastructure;
import dev.esim.testkit.WithKafka;
import dev.esim.testkit.WithPostgres;
import dev.esim.testkit.WithSchemaRegistry;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The service on a random port against real PostgreSQL, Kafka and schema registry (in-process), with Stripe and the
 * eSIM provider as local HTTP fakes. All subclasses share one application context (and database), so each test
 * uses its own SKUs, idempotency keys and orders.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "esim.catalog.sync.enabled=false",
        "esim.catalog.outbox.poll-interval=200ms",
        "esim.catalog.checkout.expiry-interval=1h",
        "logging.level.org.apache.kafka=WARN",
        // fail fast and loudly (with the holder's stack) instead of a silent 30 s wait for a pooled connection
        "spring.datasource.hikari.connection-timeout=10000",
        "spring.datasource.hikari.leak-detection-threshold=15000",
        // named support operators: each token's SHA-256 only (ALICE_TOKEN may refund, resend and redrive, VIEWER_TOKEN
        // may not)
        "esim.catalog.support.operators.alice.token-sha256="
                + "4df8956386ef862fefc0cb1fe65fe4b02ec4c92f59447d6ef8dd3f209151d58b",
        "esim.catalog.support.operators.alice.scopes=refunds,resend,redrive",
        "esim.catalog.support.operators.viewer.token-sha256="
                + "9fc7367e85297f926e138907d132c4073ebc56e6367afe9e469962325ecbc2bf",
        "esim.catalog.support.operators.viewer.scopes=orders:read"})
@WithPostgres(database = "catalog")
@WithKafka(topics = {"esim.payments.v1", "esim.activations.v1", "esim.provider-events.v1"}, partitions = 6)
@WithSchemaRegistry
abstract class CatalogServiceITBase {

    static final String SUPPORT_TOKEN = "support_sandbox_token_local";
    static final String ALICE_TOKEN = "alice-support-token-it";
    static final String VIEWER_TOKEN = "viewer-token-it";
    static final FakeStripe STRIPE = new FakeStripe();
    static final FakeProvider PROVIDER = new FakeProvider();
    /** The provider the worker fails over to: some lines are issued there. */
    static final FakeProvider FAILOVER = new FakeProvider();
    /** The service's order tokens: these tests run it with the sandbox secret. */
    static final OrderTokens TOKENS = new OrderTokens(OrderTokens.SANDBOX_SECRET);

    @DynamicPropertySource
    static void fakes(DynamicPropertyRegistry registry) {
        registry.add("esim.catalog.stripe.api-base", STRIPE::apiBase);
        registry.add("esim.catalog.stripe.max-network-retries", () -> "0");
        // a cancellation the worker leaves unanswered is looked at after this (10 min in production)
        registry.add("esim.catalog.refunds.line-cancel-grace", () -> "2s");
        registry.add("esim.catalog.provider.base-url", PROVIDER::baseUrl);
        registry.add("esim.catalog.failover-providers[0].name", () -> "esimgo");
        registry.add("esim.catalog.failover-providers[0].base-url", FAILOVER::baseUrl);
        // a group of its own: another cached context in this JVM must not take our partitions
        registry.add("spring.kafka.consumer.group-id", () -> "catalog-it-" + UUID.randomUUID());
    }

    @LocalServerPort
    int port;

    @Autowired
    CatalogSync catalogSync;

    WebTestClient http;

    @BeforeEach
    void client() {
        // A new connection per request: a keep-alive connection pooled by an earlier test and closed meanwhile
        // would otherwise swallow a request and leave the test waiting for the response timeout.
        http = WebTestClient.bindToServer(new org.springframework.http.client.reactive.ReactorClientHttpConnector(
                        reactor.netty.http.client.HttpClient.create(
                                reactor.netty.resources.ConnectionProvider.newConnection())))
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    /**
     * A plan of its own for the test about to run: a US plan the provider sells at 9.50 USD net (12.99 to the
     * traveller after our margin), synced into the catalogue.
     */
    String offerUsPlan() {
        String sku = unique("US");
        PROVIDER.offer(FakeProvider.PlanSpec.country(sku, "US", "9.50", "USD"));
        catalogSync.refresh();
        return sku;
    }

    /** {@code GET /v1/orders/{id}} with the order's token, as the traveller's link has it. */
    static String orderUri(String orderId) {
        return "/v1/orders/" + orderId + "?token=" + TOKENS.token(orderId);
    }

    static String key() {
        return "idem-" + UUID.randomUUID();
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    /** Waits until a record on {@code topic} matches, and returns it. */
    static ConsumerRecord<String, Object> awaitRecord(String topic, Predicate<ConsumerRecord<String, Object>> match) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Optional<ConsumerRecord<String, Object>> found = records(topic).stream().filter(match).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no matching record on " + topic + " within 30 s");
            }
            sleep(200);
        }
    }

    static List<ConsumerRecord<String, Object>> records(String topic) {
        ConfluentAvroDeserializer values = new ConfluentAvroDeserializer();
        values.configure(Map.of("schema.registry.url", TestInfrastructure.registry().url(),
                "specific.avro.reader", true), false);
        return KafkaRecords.of(topic, new StringDeserializer(), values).readAll();
    }

    /** Publishes events as payment-ingress and the worker would (Confluent wire format, acks=all). */
    static void publish(String topic, String key, SpecificRecord... values) {
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                "schema.registry.url", TestInfrastructure.registry().url()),
                new StringSerializer(), configured(new ConfluentAvroSerializer()))) {
            for (SpecificRecord value : values) {
                producer.send(new ProducerRecord<>(topic, key, value));
            }
            producer.flush();
        }
    }

    /** One producer, one flush: wire-format records or any bytes, a run the listener likely takes in one poll. */
    static void publishBytes(String topic, String key, List<byte[]> values) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(topic, key, value));
            }
            producer.flush();
        }
    }

    /** {@code value} in Confluent's wire format, its schema registered for {@code topic}. */
    static byte[] serialized(String topic, SpecificRecord value) {
        return configured(new ConfluentAvroSerializer()).serialize(topic, value);
    }

    private static ConfluentAvroSerializer configured(ConfluentAvroSerializer serializer) {
        serializer.configure(Map.of("schema.registry.url", TestInfrastructure.registry().url()), false);
        return serializer;
    }

    static String decryptEmail(dev.esim.events.avro.EncryptedPayload payload, String eventId) {
        return Keysets.sandbox(Keysets.PII).decrypt(payload, eventId);
    }

    /** Polls the order API until the order has {@code status}, for at most 30 s. */
    void awaitStatus(String orderId, String status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            last = http.get().uri(orderUri(orderId)).exchange().expectBody(JsonNode.class)
                    .returnResult().getResponseBody().get("status").asString();
            if (status.equals(last)) {
                return;
            }
            sleep(200);
        }
        throw new AssertionError("order " + orderId + " is " + last + ", expected " + status);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
