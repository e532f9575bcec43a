package dev.esim.observability.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class ConsumedEventContextTest {

    // the envelope shape of schemas/src/main/avro (event_id, order_id, payload union), cut down
    private static final Schema READY = SchemaBuilder.record("ActivationReady").fields()
            .requiredString("iccid").requiredString("sku").endRecord();
    private static final Schema PLACED = SchemaBuilder.record("OrderPlaced").fields()
            .optionalString("topup_iccid").endRecord();
    private static final Schema ENVELOPE = SchemaBuilder.record("Envelope").fields()
            .requiredString("event_id").requiredString("order_id")
            .name("payload").type(Schema.createUnion(READY, PLACED)).noDefault()
            .endRecord();
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ConsumedEventContext context = new ConsumedEventContext(meters, Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @Test
    void putsTheEventsIdsIntoTheLogContextWhileTheListenerRunsAndRemovesThemAfter() {
        GenericRecord ready = new GenericData.Record(READY);
        ready.put("iccid", new Utf8("8944000000000000001"));
        ready.put("sku", "US-1GB");
        ConsumerRecord<Object, Object> record =
                record("esim.activations.v1", "ord_1", envelope("evt-1", "ord_1", ready), 0);

        context.intercept(record, null);
        Map<String, String> during = new HashMap<>(MDC.getCopyOfContextMap());
        context.afterRecord(record, null);

        assertThat(during).containsEntry("event_id", "evt-1").containsEntry("order_id", "ord_1")
                .containsEntry("iccid", "8944000000000000001").containsEntry("topic", "esim.activations.v1");
        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }

    @Test
    void takesATopUpsLineAndFallsBackToTheKeyForRecordsThatAreNotEnvelopes() {
        GenericRecord placed = new GenericData.Record(PLACED);
        placed.put("topup_iccid", "8944000000000000002");
        context.intercept(record("esim.orders.v1", "ord_2", envelope("evt-2", "ord_2", placed), 0), null);
        assertThat(MDC.get("iccid")).isEqualTo("8944000000000000002");
        MDC.clear();

        context.intercept(record("esim.orders.v1", "ord_3", "not avro", 0), null);
        assertThat(MDC.get("order_id")).isEqualTo("ord_3");
        assertThat(MDC.get("event_id")).isNull();
    }

    @Test
    void reportsTheAgeOfTheLastEventProcessedPerTopicAndIgnoresFailures() {
        ConsumerRecord<Object, Object> old =
                record("esim.payments.v1", "ord_4", "x", NOW.minusSeconds(90).toEpochMilli());
        ConsumerRecord<Object, Object> fresh =
                record("esim.payments.v1", "ord_5", "x", NOW.minusMillis(250).toEpochMilli());

        context.success(old, null);
        assertThat(age("esim.payments.v1")).isEqualTo(90.0);
        context.failure(fresh, new IllegalStateException("boom"), null);
        assertThat(age("esim.payments.v1")).isEqualTo(90.0);
        context.success(fresh, null);
        assertThat(age("esim.payments.v1")).isEqualTo(0.25);
        assertThat(meters.find(ConsumedEventContext.AGE_GAUGE).tag("topic", "esim.activations.v1").gauge()).isNull();
    }

    private double age(String topic) {
        return meters.get(ConsumedEventContext.AGE_GAUGE).tag("topic", topic).gauge().value();
    }

    private static GenericRecord envelope(String eventId, String orderId, GenericRecord payload) {
        GenericRecord envelope = new GenericData.Record(ENVELOPE);
        envelope.put("event_id", new Utf8(eventId));
        envelope.put("order_id", orderId);
        envelope.put("payload", payload);
        return envelope;
    }

    private static ConsumerRecord<Object, Object> record(String topic, String key, Object value, long timestamp) {
        return new ConsumerRecord<>(topic, 0, 0L, timestamp, TimestampType.CREATE_TIME, 0, 0, key, value,
                new RecordHeaders(), java.util.Optional.empty());
    }
}
