package dev.esim.events.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.esim.events.Topics;
import dev.esim.events.avro.EncryptedPayload;
import dev.esim.events.avro.Money;
import dev.esim.events.avro.PaymentEvent;
import dev.esim.events.avro.PaymentSucceeded;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConfluentAvroSerdeTest {

    private final String scope = "serde-test-" + UUID.randomUUID();
    private final Map<String, Object> config = Map.of("schema.registry.url", "mock://" + scope);

    @AfterEach
    void dropRegistry() {
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void writesMagicByteSchemaIdAndAvroBinary() {
        byte[] bytes = serializer(config).serialize(Topics.PAYMENTS.name(), paymentEvent());

        assertThat(bytes[0]).isEqualTo((byte) 0);
        assertThat(WireFormat.schemaId(bytes)).isEqualTo(1);
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(1);
    }

    @Test
    void specificReaderGetsTheGeneratedClassBack() {
        PaymentEvent event = paymentEvent();
        byte[] bytes = serializer(config).serialize(Topics.PAYMENTS.name(), event);

        Object read = deserializer(Map.of("schema.registry.url", "mock://" + scope, "specific.avro.reader", "true"))
                .deserialize(Topics.PAYMENTS.name(), bytes);

        assertThat(read).isEqualTo(event);
    }

    @Test
    void genericReaderGetsAGenericRecord() {
        byte[] bytes = serializer(config).serialize(Topics.PAYMENTS.name(), paymentEvent());

        Object read = deserializer(config).deserialize(Topics.PAYMENTS.name(), bytes);

        assertThat(read).isInstanceOf(GenericRecord.class);
        assertThat(((GenericRecord) read).get("order_id").toString()).isEqualTo("ord_1");
    }

    @Test
    void registersUnderTheTopicNameStrategySubject() throws Exception {
        serializer(config).serialize(Topics.PAYMENTS.name(), paymentEvent());

        assertThat(MockSchemaRegistry.getClientForScope(scope).getLatest("esim.payments.v1-value").id()).isEqualTo(1);
    }

    @Test
    void withoutAutoRegisterAnUnknownSchemaFails() {
        ConfluentAvroSerializer serializer = serializer(Map.of(
                "schema.registry.url", "mock://" + scope, "auto.register.schemas", "false"));

        assertThatThrownBy(() -> serializer.serialize(Topics.PAYMENTS.name(), paymentEvent()))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void rejectsBytesWithoutTheMagicByte() {
        assertThatThrownBy(() -> deserializer(config).deserialize("t", new byte[] {1, 0, 0, 0, 1, 2}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("magic byte");
    }

    @Test
    void nullStaysNullForTombstones() {
        assertThat(serializer(config).serialize("t", null)).isNull();
        assertThat(deserializer(config).deserialize("t", null)).isNull();
    }

    @Test
    void acceptsConfluentStrategyClassNames() {
        assertThat(SubjectNameStrategy.fromConfig("io.confluent.kafka.serializers.subject.TopicRecordNameStrategy"))
                .isEqualTo(SubjectNameStrategy.TOPIC_RECORD_NAME);
    }

    static PaymentEvent paymentEvent() {
        return PaymentEvent.newBuilder()
                .setEventId("8a4d0b2e-3f5e-5c1a-9b7d-1e2f3a4b5c6d")
                .setOccurredAt(Instant.parse("2025-01-10T09:20:02Z").truncatedTo(ChronoUnit.MILLIS))
                .setOrderId("ord_1")
                .setCausationId("evt_123")
                .setGateway("stripe")
                .setGatewayEventType("checkout.session.completed")
                .setOriginalPayload(EncryptedPayload.newBuilder()
                        .setKeyId("pii/sandbox").setCiphertext(ByteBuffer.wrap(new byte[] {1, 2, 3})).build())
                .setPayload(PaymentSucceeded.newBuilder()
                        .setAmount(Money.newBuilder().setAmountMinor(1499).setCurrency("USD").build())
                        .setCheckoutSessionId("cs_test_1")
                        .build())
                .build();
    }

    private static ConfluentAvroSerializer serializer(Map<String, Object> config) {
        ConfluentAvroSerializer serializer = new ConfluentAvroSerializer();
        serializer.configure(config, false);
        return serializer;
    }

    private static ConfluentAvroDeserializer deserializer(Map<String, Object> config) {
        ConfluentAvroDeserializer deserializer = new ConfluentAvroDeserializer();
        deserializer.configure(config, false);
        return deserializer;
    }
}
