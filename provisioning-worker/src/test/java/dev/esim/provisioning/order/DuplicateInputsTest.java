package dev.esim.provisioning.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class DuplicateInputsTest {

    private static final RecordPosition FIRST = new RecordPosition("esim.payments.v1", 2, 10);
    private static final RecordPosition REPLAYED = new RecordPosition("esim.payments.v1", 2, 900);

    private final MemoryStore store = new MemoryStore();
    private final DuplicateInputs duplicates = new DuplicateInputs(store, ProvisioningMetrics.NONE,
            Duration.ofDays(31), Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC));

    @Test
    void aDuplicateIsSkippedOnlyWhenItsFirstHandlingCommittedAtAnotherPosition() {
        duplicates.handled(List.of(new DuplicateInputs.Input("evt_1", "ord_1", FIRST)));

        assertThat(duplicates.skippable(List.of(input("evt_1", REPLAYED)), committedUpTo(11)))
                .containsExactly(REPLAYED);
        // the first handling's transaction did not commit: the duplicate carries what it decided
        assertThat(duplicates.skippable(List.of(input("evt_1", REPLAYED)), committedUpTo(10))).isEmpty();
        // the very input again (a redelivery after an abort) is handled again
        assertThat(duplicates.skippable(List.of(input("evt_1", FIRST)), committedUpTo(11))).isEmpty();
        // an event never handled is handled
        assertThat(duplicates.skippable(List.of(input("evt_2", REPLAYED)), committedUpTo(1_000))).isEmpty();
    }

    @Test
    void eachSkippedInputIsCountedWhateverPollItArrivesIn() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ProvisioningMetrics metrics = new MeterProvisioningMetrics(meters);
        DuplicateInputs counting = new DuplicateInputs(store, metrics, Duration.ofDays(31), Clock.systemUTC());
        counting.handled(List.of(new DuplicateInputs.Input("evt_1", "ord_1", FIRST),
                new DuplicateInputs.Input("evt_2", "ord_1", new RecordPosition("esim.orders.v1", 2, 10))));

        counting.skippable(List.of(input("evt_1", REPLAYED), new DuplicateInputs.Input("evt_2", "ord_1",
                new RecordPosition("esim.orders.v1", 2, 900))), position -> true);

        assertThat(meters.get("esim.provisioning.outcomes").tag("outcome", "input_skipped").counter().count())
                .isEqualTo(2.0);
    }

    @Test
    void aDeadLetteredInputOfTheOrderMakesItsDuplicatesRunAgain() {
        duplicates.handled(List.of(new DuplicateInputs.Input("evt_1", "ord_1", FIRST),
                new DuplicateInputs.Input("evt_9", "ord_9", FIRST)));

        duplicates.abandoned("ord_1");

        assertThat(duplicates.skippable(List.of(input("evt_1", REPLAYED)), committedUpTo(11))).isEmpty();
        assertThat(duplicates.skippable(List.of(new DuplicateInputs.Input("evt_9", "ord_9", REPLAYED)),
                committedUpTo(11))).containsExactly(REPLAYED);
    }

    @Test
    void theLatestHandlingOfAnEventIsKeptAndRowsOlderThanTheTopicsKeepThemArePurged() {
        duplicates.handled(List.of(new DuplicateInputs.Input("evt_1", "ord_1", FIRST)));
        duplicates.handled(List.of(new DuplicateInputs.Input("evt_1", "ord_1", REPLAYED)));
        assertThat(store.positions(Set.of("evt_1"))).containsEntry("evt_1", REPLAYED);

        store.age("evt_1", Instant.parse("2026-11-01T00:00:00Z"));
        duplicates.handled(List.of(new DuplicateInputs.Input("evt_2", "ord_2", FIRST)));

        assertThat(duplicates.purge()).isEqualTo(1);
        assertThat(store.positions(Set.of("evt_1", "evt_2"))).containsOnlyKeys("evt_2");
    }

    private static DuplicateInputs.Input input(String eventId, RecordPosition position) {
        return new DuplicateInputs.Input(eventId, "ord_1", position);
    }

    /** The group's committed offset is {@code offset} on every partition. */
    private static Delivery.CommitLog committedUpTo(long offset) {
        return position -> position.offset() < offset;
    }

    private static final class MemoryStore implements DuplicateInputs.Store {

        private record Row(String orderId, RecordPosition position, Instant at) {
        }

        private final Map<String, Row> rows = new HashMap<>();

        @Override
        public Map<String, RecordPosition> positions(Collection<String> eventIds) {
            Map<String, RecordPosition> found = new HashMap<>();
            eventIds.stream().filter(rows::containsKey).forEach(id -> found.put(id, rows.get(id).position()));
            return found;
        }

        @Override
        public void handled(List<DuplicateInputs.Input> inputs) {
            inputs.forEach(i -> rows.put(i.eventId(), new Row(i.orderId(), i.position(),
                    Instant.parse("2026-12-07T11:00:00Z"))));
        }

        @Override
        public void forgetOrder(String orderId) {
            rows.values().removeIf(r -> r.orderId().equals(orderId));
        }

        @Override
        public int purge(Instant before, int limit) {
            List<String> old = rows.entrySet().stream().filter(e -> e.getValue().at().isBefore(before))
                    .map(Map.Entry::getKey).limit(limit).toList();
            old.forEach(rows::remove);
            return old.size();
        }

        void age(String eventId, Instant at) {
            Row row = rows.get(eventId);
            rows.put(eventId, new Row(row.orderId(), row.position(), at));
        }
    }
}
