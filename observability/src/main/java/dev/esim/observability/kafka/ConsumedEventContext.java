package dev.esim.observability.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.MDC;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * What the logs and metrics know about the event a listener is handling. Before the listener runs it puts the
 * envelope's {@code event_id} and {@code order_id} (the key when the envelope has none) and any {@code iccid} of the
 * payload into the MDC, so every line the listener logs, provider calls included, can be found by those ids; afterwards
 * it removes them. After a record is processed successfully it sets the gauge {@code esim.consumer.last.event.age}
 * (seconds, tag {@code topic}): how old the last processed event was when we finished it — near zero when we keep up,
 * growing when we fall behind, and frozen when the consumer stops (which the lag alert catches).
 *
 * <p>A Spring Boot service gets it by declaring it as a bean: Boot's listener container factory picks up a
 * {@link RecordInterceptor}. Nothing here reads encrypted fields.
 */
public final class ConsumedEventContext implements RecordInterceptor<Object, Object> {

    public static final String EVENT_ID = "event_id";
    public static final String ORDER_ID = "order_id";
    public static final String ICCID = "iccid";
    public static final String TOPIC = "topic";
    static final String AGE_GAUGE = "esim.consumer.last.event.age";

    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, AtomicLong> ageMillisByTopic = new ConcurrentHashMap<>();

    public ConsumedEventContext(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
            Consumer<Object, Object> consumer) {
        MDC.put(TOPIC, record.topic());
        if (record.value() instanceof IndexedRecord envelope) {
            putIfPresent(EVENT_ID, field(envelope, "event_id"));
            putIfPresent(ORDER_ID, field(envelope, "order_id"));
            putIfPresent(ICCID, iccid(envelope));
        }
        if (MDC.get(ORDER_ID) == null && record.key() instanceof CharSequence key) {
            MDC.put(ORDER_ID, key.toString());
        }
        return record;
    }

    @Override
    public void success(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
        if (record.timestamp() >= 0) {
            ageMillisByTopic.computeIfAbsent(record.topic(), this::registerGauge)
                    .set(Math.max(0, clock.millis() - record.timestamp()));
        }
    }

    @Override
    public void afterRecord(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
        MDC.remove(TOPIC);
        MDC.remove(EVENT_ID);
        MDC.remove(ORDER_ID);
        MDC.remove(ICCID);
    }

    private AtomicLong registerGauge(String topic) {
        AtomicLong millis = new AtomicLong();
        Gauge.builder(AGE_GAUGE, millis, m -> m.get() / 1000.0)
                .description("Age of the last successfully processed event of the topic, at the time it was processed")
                .baseUnit("seconds")
                .tag("topic", topic)
                .register(meters);
        return millis;
    }

    /** The payload's {@code iccid} (activations, provider events) or {@code topup_iccid} (a top-up order). */
    private static Object iccid(IndexedRecord envelope) {
        if (!(field(envelope, "payload") instanceof IndexedRecord payload)) {
            return null;
        }
        Object iccid = field(payload, "iccid");
        return iccid != null ? iccid : field(payload, "topup_iccid");
    }

    private static Object field(IndexedRecord record, String name) {
        Schema.Field field = record.getSchema().getField(name);
        return field == null ? null : record.get(field.pos());
    }

    private static void putIfPresent(String key, Object value) {
        if (value != null) {
            MDC.put(key, value.toString());
        }
    }
}
