package dev.esim.contract.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esim.events.EventIds;
import dev.esim.events.Topics;
import dev.esim.events.avro.ActivationEvent;
import dev.esim.events.avro.ActivationReady;
import dev.esim.events.avro.EncryptedPayload;
import dev.esim.events.avro.Money;
import dev.esim.events.avro.PaymentEvent;
import dev.esim.events.avro.PaymentSucceeded;
import dev.esim.events.avro.ProvisioningFailed;
import dev.esim.events.crypto.Keysets;
import dev.esim.events.serde.ConfluentAvroSerializer;
import dev.esim.testkit.Kafka;
import dev.esim.testkit.KafkaRecords;
import dev.esim.testkit.SchemaRegistry;
import dev.esim.testkit.WithKafka;
import dev.esim.testkit.WithSchemaRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The consumer guide's sample, against a real broker and registry, fed the way the platform writes. */
@WithKafka(topics = {"esim.payments.v1", "esim.activations.v1"}, partitions = 3)
@WithSchemaRegistry
class SampleDownstreamConsumerIT {

    private static final List<String> TOPICS = List.of(Topics.PAYMENTS.name(), Topics.ACTIVATIONS.name());

    @Test
    void seesCommittedEventsOnceAndNeverAnAbortedOne(Kafka kafka, SchemaRegistry registry) {
        // given: the platform's transactional writes, one of them rolled back, and one event replayed by support
        PaymentEvent paidA = paid("ord_A", 1999);
        try (KafkaProducer<String, Object> producer = transactionalProducer(kafka, registry)) {
            producer.initTransactions();
            inTransaction(producer, paidA, activated("ord_A", paidA.getEventId()));
            producer.beginTransaction();
            producer.send(record(paid("ord_B", 2500)));
            producer.flush();
            producer.abortTransaction();
            inTransaction(producer, paidA, failed("ord_C"));
        }

        // when
        try (SampleDownstreamConsumer sample =
                     new SampleDownstreamConsumer(kafka.bootstrapServers(), registry.url(), TOPICS)) {
            pollUntilCaughtUp(sample);

            // then
            assertThat(sample.actedOn).containsExactlyInAnyOrder(
                    "ord_A paid 1999 EUR",
                    "ord_A active on 8944000000000000001, LPA sealed by activation/sandbox",
                    "ord_C failed: out_of_stock");
            assertThat(sample.duplicatesSkipped).isEqualTo(1);
        }
        // and the rolled-back payment is on the log: only read_committed kept it from the sample
        assertThat(KafkaRecords.bytes(Topics.PAYMENTS.name()).readUncommitted().readAll())
                .extracting(ConsumerRecord::key).contains("ord_B");
    }

    /** Polls until the group's position reaches the last stable offset of every partition of both topics. */
    private static void pollUntilCaughtUp(SampleDownstreamConsumer sample) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            sample.pollOnce(Duration.ofMillis(200));
            Set<TopicPartition> assigned = sample.consumer.assignment();
            int expected = TOPICS.size() * 3;
            if (assigned.size() == expected) {
                Map<TopicPartition, Long> ends = sample.consumer.endOffsets(assigned); // LSO under read_committed
                if (assigned.stream().allMatch(tp -> sample.consumer.position(tp) >= ends.get(tp))) {
                    return;
                }
            }
            assertThat(System.nanoTime()).as("sample consumer caught up within 30 s").isLessThan(deadline);
        }
    }

    private static KafkaProducer<String, Object> transactionalProducer(Kafka kafka, SchemaRegistry registry) {
        Properties settings = new Properties();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "contract-tests-sample-" + System.nanoTime());
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ConfluentAvroSerializer.class);
        settings.put("schema.registry.url", registry.url());
        return new KafkaProducer<>(settings);
    }

    private static void inTransaction(KafkaProducer<String, Object> producer, SpecificRecord... events) {
        producer.beginTransaction();
        for (SpecificRecord event : events) {
            producer.send(record(event));
        }
        producer.commitTransaction();
    }

    private static ProducerRecord<String, Object> record(SpecificRecord event) {
        if (event instanceof PaymentEvent payment) {
            return new ProducerRecord<>(Topics.PAYMENTS.name(), payment.getOrderId(), payment);
        }
        ActivationEvent activation = (ActivationEvent) event;
        return new ProducerRecord<>(Topics.ACTIVATIONS.name(), activation.getOrderId(), activation);
    }

    private static PaymentEvent paid(String orderId, long cents) {
        String gatewayEventId = "evt_" + orderId;
        String eventId = EventIds.derive("stripe", gatewayEventId);
        return PaymentEvent.newBuilder()
                .setEventId(eventId)
                .setOccurredAt(Instant.parse("2026-11-26T10:00:00Z"))
                .setOrderId(orderId)
                .setCausationId(gatewayEventId)
                .setGateway("stripe")
                .setGatewayEventType("checkout.session.completed")
                .setOriginalPayload(
                        Keysets.sandbox(Keysets.PII).encrypt("{\"id\":\"" + gatewayEventId + "\"}", eventId))
                .setPayload(PaymentSucceeded.newBuilder().setAmount(eur(cents)).build())
                .build();
    }

    private static ActivationEvent activated(String orderId, String paymentEventId) {
        String eventId = EventIds.derive(paymentEventId, "ActivationReady");
        EncryptedPayload lpa = Keysets.sandbox(Keysets.ACTIVATION).encrypt("LPA:1$smdp.example$ACT-CODE-1", eventId);
        return ActivationEvent.newBuilder()
                .setEventId(eventId)
                .setOccurredAt(Instant.parse("2026-11-26T10:00:05Z"))
                .setOrderId(orderId)
                .setCausationId(paymentEventId)
                .setPayload(ActivationReady.newBuilder()
                        .setProvider("simology").setIccid("8944000000000000001").setLpa(lpa)
                        .setSku("EU-5GB-30D").setPlanName("Europe 5 GB").setCoverage(List.of("FR", "DE"))
                        .setDataAllowanceMb(5120).setValidityDays(30).build())
                .build();
    }

    private static ActivationEvent failed(String orderId) {
        String cause = EventIds.derive("stripe", "evt_" + orderId);
        return ActivationEvent.newBuilder()
                .setEventId(EventIds.derive(cause, "ProvisioningFailed"))
                .setOccurredAt(Instant.parse("2026-11-26T10:00:07Z"))
                .setOrderId(orderId)
                .setCausationId(cause)
                .setPayload(ProvisioningFailed.newBuilder()
                        .setReasonCode("out_of_stock").setDetail("no EU-5GB-30D in stock").build())
                .build();
    }

    private static Money eur(long cents) {
        return Money.newBuilder().setAmountMinor(cents).setCurrency("EUR").build();
    }
}
