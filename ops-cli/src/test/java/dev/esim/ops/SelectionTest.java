package dev.esim.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.esim.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class SelectionTest {

    private static final String REGISTRY = "mock://ops-cli-selection";
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final EventDecoder decoder = new EventDecoder(Map.of("schema.registry.url", REGISTRY));

    private ScannedRecord record(int partition, long offset, Instant timestamp, String key, SpecificRecord event) {
        String topic = Topics.PAYMENTS.name();
        byte[] value = EventFixture.serialize(REGISTRY, topic, event);
        return new ScannedRecord(new ConsumerRecord<>(topic, partition, offset, timestamp.toEpochMilli(),
                TimestampType.CREATE_TIME, key.length(), value.length, key.getBytes(StandardCharsets.UTF_8), value,
                new RecordHeaders(), Optional.empty()), decoder);
    }

    private static Selection time(Instant from, Instant to) {
        return new Selection(from, to, null, null, null, null, null, null);
    }

    @Test
    void timeRangeIsHalfOpen() {
        ScannedRecord atStart = record(0, 1, T0, "ord_1", EventFixture.paymentFailed("ord_1", T0));
        ScannedRecord atEnd = record(0, 2, T0.plusSeconds(60), "ord_1", EventFixture.paymentFailed("ord_1", T0));

        Selection minute = time(T0, T0.plusSeconds(60));

        assertThat(minute.matches(atStart)).isTrue();
        assertThat(minute.matches(atEnd)).isFalse();
    }

    @Test
    void offsetRangeIsInclusiveAndLimitedToItsPartition() {
        Selection offsets = new Selection(null, null, 2, 5L, 7L, null, null, null);

        assertThat(offsets.matches(record(2, 5, T0, "o", EventFixture.paymentFailed("o", T0)))).isTrue();
        assertThat(offsets.matches(record(2, 7, T0, "o", EventFixture.paymentFailed("o", T0)))).isTrue();
        assertThat(offsets.matches(record(2, 8, T0, "o", EventFixture.paymentFailed("o", T0)))).isFalse();
        assertThat(offsets.matches(record(1, 6, T0, "o", EventFixture.paymentFailed("o", T0)))).isFalse();
    }

    @Test
    void orderIdTypeAndProviderFilterOnKeyPayloadNameAndProviderField() {
        ScannedRecord failed = record(0, 1, T0, "ord_a", EventFixture.paymentFailed("ord_a", T0));
        ScannedRecord succeeded = record(0, 2, T0, "ord_b", EventFixture.paymentSucceeded("ord_b", T0));
        ScannedRecord activation = record(0, 3, T0, "ord_b", EventFixture.activationReady("ord_b", "simology", T0));

        Selection byOrder = new Selection(null, null, null, null, null, "ord_b", null, null);
        Selection byType = new Selection(null, null, null, null, null, null, "paymentsucceeded", null);
        Selection byProvider = new Selection(null, null, null, null, null, null, null, "Simology");

        assertThat(byOrder.matches(failed)).isFalse();
        assertThat(byOrder.matches(succeeded)).isTrue();
        assertThat(byType.matches(failed)).isFalse();
        assertThat(byType.matches(succeeded)).isTrue();
        assertThat(byProvider.matches(succeeded)).isFalse();
        assertThat(byProvider.matches(activation)).isTrue();
    }

    @Test
    void rejectsContradictoryBounds() {
        assertThatThrownBy(() -> time(T0, T0)).hasMessageContaining("--from must be before --to");
        assertThatThrownBy(() -> new Selection(null, null, null, 1L, null, null, null, null))
                .hasMessageContaining("need --partition");
        assertThatThrownBy(() -> new Selection(null, null, 0, 9L, 3L, null, null, null))
                .hasMessageContaining("--from-offset must not be after --to-offset");
    }

    @Test
    void describesOnlyTheFiltersGiven() {
        assertThat(new Selection(T0, null, null, null, null, "ord_1", null, null).describe())
                .containsExactly(Map.entry("from", "2026-03-01T10:00:00Z"), Map.entry("order_id", "ord_1"));
    }
}
