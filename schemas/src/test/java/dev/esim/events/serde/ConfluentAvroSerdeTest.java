package dev.esim.events.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.esim.events.Topics;
import dev.esim.events.avro.EncryptedPayload;
import dev.esim.events.avro.Money;
import dev.esim.events.avro.PaymentEvent;
import dev.esim.events.avro.PaymentSucceeded;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
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

    @Test
    void aRecordAnnouncingAHugeStringFailsWithoutAllocatingIt() {
        int id = schemaIdOf(Topics.PAYMENTS.name());
        // 14 bytes: the header, then event_id's length announced as 500 MB, then four bytes of "string".
        byte[] hostile = ByteBuffer.allocate(14).put(WireFormat.MAGIC_BYTE).putInt(id)
                .put(varint(500_000_000L)).put(new byte[] {'e', 'v', 't', '_'}).array();
        ConfluentAvroDeserializer specific = deserializer(
                Map.of("schema.registry.url", "mock://" + scope, "specific.avro.reader", "true"));

        long allocated = allocatedBy(() -> assertThatThrownBy(() -> specific.deserialize(Topics.PAYMENTS.name(),
                hostile)).isInstanceOf(SerializationException.class)
                .hasRootCauseMessage("A string announces 500000000 bytes in a record of 9 bytes"));

        assertThat(allocated).as("bytes allocated while refusing the record").isLessThan(16L * 1024 * 1024);
    }

    @Test
    void aRecordAnnouncingMoreCollectionItemsThanItHasBytesFailsWithoutAllocatingThem() throws Exception {
        Schema schema = new Schema.Parser().parse("""
                {"type":"record","name":"Tags","namespace":"test","fields":[
                  {"name":"tags","type":{"type":"array","items":"null"}}]}""");
        int id = MockSchemaRegistry.getClientForScope(scope).register("tags-value", schema);
        // an array of 200 million nulls takes 6 bytes: its item count, no items, the end marker
        byte[] hostile = ByteBuffer.allocate(11).put(WireFormat.MAGIC_BYTE).putInt(id)
                .put(varint(200_000_000L)).put((byte) 0).array();

        long allocated = allocatedBy(() -> assertThatThrownBy(() -> deserializer(config).deserialize("tags", hostile))
                .isInstanceOf(SerializationException.class)
                .hasRootCauseMessage("Collections announce 200000000 items in a record of 6 bytes"));

        assertThat(allocated).as("bytes allocated while refusing the record").isLessThan(16L * 1024 * 1024);
    }

    @Test
    void aSpecificReaderLoadsOnlyOurGeneratedClasses() throws Exception {
        Schema foreign = new Schema.Parser().parse("""
                {"type":"record","name":"Thread","namespace":"java.lang","fields":[{"name":"x","type":"int"}]}""");
        int id = MockSchemaRegistry.getClientForScope(scope).register("t-value", foreign);
        byte[] bytes = ByteBuffer.allocate(6).put(WireFormat.MAGIC_BYTE).putInt(id).put((byte) 2).array();

        assertThatThrownBy(() -> deserializer(Map.of("schema.registry.url", "mock://" + scope,
                "specific.avro.reader", "true")).deserialize("t", bytes))
                .isInstanceOf(SerializationException.class)
                .hasRootCauseMessage("Refusing to read java.lang.Thread: specific records come only from "
                        + "dev.esim.events.avro");
    }

    @Test
    void useLatestVersionWritesWithTheSubjectsLatestSchemaMatchingFieldsByName() throws Exception {
        // the latest version has a field the generated class lacks, first, so every position differs
        Schema latest = withLeadingField(PaymentEvent.getClassSchema(), "note");
        int latestId = MockSchemaRegistry.getClientForScope(scope).register("esim.payments.v1-value", latest);
        PaymentEvent event = paymentEvent();

        byte[] bytes = serializer(Map.of("schema.registry.url", "mock://" + scope, "auto.register.schemas", "false",
                "use.latest.version", "true")).serialize(Topics.PAYMENTS.name(), event);

        assertThat(WireFormat.schemaId(bytes)).isEqualTo(latestId);
        GenericRecord generic = (GenericRecord) deserializer(config).deserialize(Topics.PAYMENTS.name(), bytes);
        assertThat(generic.get("note")).isNull();
        assertThat(generic.get("order_id")).hasToString("ord_1");
        assertThat(deserializer(Map.of("schema.registry.url", "mock://" + scope, "specific.avro.reader", "true"))
                .deserialize(Topics.PAYMENTS.name(), bytes)).isEqualTo(event);
    }

    @Test
    void theLatestSchemaIsLookedUpAgainOnlyAfterLatestCacheTtlSec() throws Exception {
        SchemaRegistryClient registry = MockSchemaRegistry.getClientForScope(scope);
        int first = registry.register("esim.payments.v1-value", PaymentEvent.getClassSchema());
        ConfluentAvroSerializer cachedForever = serializer(Map.of("schema.registry.url", "mock://" + scope,
                "use.latest.version", "true"));
        ConfluentAvroSerializer lookingEachTime = serializer(Map.of("schema.registry.url", "mock://" + scope,
                "use.latest.version", "true", "latest.cache.ttl.sec", "0"));
        cachedForever.serialize(Topics.PAYMENTS.name(), paymentEvent());
        lookingEachTime.serialize(Topics.PAYMENTS.name(), paymentEvent());

        int second = registry.register("esim.payments.v1-value",
                withLeadingField(PaymentEvent.getClassSchema(), "note"));

        assertThat(WireFormat.schemaId(cachedForever.serialize(Topics.PAYMENTS.name(), paymentEvent())))
                .isEqualTo(first);
        assertThat(WireFormat.schemaId(lookingEachTime.serialize(Topics.PAYMENTS.name(), paymentEvent())))
                .isEqualTo(second);
    }

    /** {@code schema} with an optional string field {@code name} in front of its own. */
    private static Schema withLeadingField(Schema schema, String name) {
        List<Schema.Field> fields = new ArrayList<>();
        fields.add(new Schema.Field(name, Schema.createUnion(Schema.create(Schema.Type.NULL),
                Schema.create(Schema.Type.STRING)), null, JsonProperties.NULL_VALUE));
        schema.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }

    private int schemaIdOf(String topic) {
        return WireFormat.schemaId(serializer(config).serialize(topic, paymentEvent()));
    }

    /** Avro's zig-zag varint encoding of a long. */
    private static byte[] varint(long value) {
        long n = (value << 1) ^ (value >> 63);
        ByteBuffer out = ByteBuffer.allocate(10);
        while ((n & ~0x7FL) != 0) {
            out.put((byte) ((n & 0x7F) | 0x80));
            n >>>= 7;
        }
        out.put((byte) n);
        return Arrays.copyOf(out.array(), out.position());
    }

    /** Heap bytes the current thread allocated while running {@code action}. */
    private static long allocatedBy(Runnable action) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        action.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
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
