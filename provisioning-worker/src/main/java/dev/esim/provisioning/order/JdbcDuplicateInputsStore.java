package dev.esim.provisioning.order;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link DuplicateInputs.Store} on PostgreSQL's {@code handled_inputs} table. */
final class JdbcDuplicateInputsStore implements DuplicateInputs.Store {

    private final JdbcClient jdbc;

    JdbcDuplicateInputsStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, RecordPosition> positions(Collection<String> eventIds) {
        Map<String, RecordPosition> positions = new HashMap<>();
        if (eventIds.isEmpty()) {
            return positions;
        }
        jdbc.sql("select event_id, topic, partition, \"offset\" from handled_inputs where event_id = any(?)")
                .param(eventIds.toArray(String[]::new))
                .query(rs -> {
                    positions.put(rs.getString(1), new RecordPosition(rs.getString(2), rs.getInt(3), rs.getLong(4)));
                });
        return positions;
    }

    @Override
    public void handled(List<DuplicateInputs.Input> inputs) {
        // unnest: one statement for the whole poll; the last handling of an event id wins
        Map<String, DuplicateInputs.Input> last = new HashMap<>();
        inputs.forEach(input -> last.put(input.eventId(), input));
        List<DuplicateInputs.Input> rows = List.copyOf(last.values());
        jdbc.sql("""
                        insert into handled_inputs (event_id, order_id, topic, partition, "offset")
                        select * from unnest(?::text[], ?::text[], ?::text[], ?::int[], ?::bigint[])
                        on conflict (event_id) do update set order_id = excluded.order_id, topic = excluded.topic,
                            partition = excluded.partition, "offset" = excluded."offset", handled_at = now()""")
                .param(rows.stream().map(DuplicateInputs.Input::eventId).toArray(String[]::new))
                .param(rows.stream().map(DuplicateInputs.Input::orderId).toArray(String[]::new))
                .param(rows.stream().map(r -> r.position().topic()).toArray(String[]::new))
                .param(rows.stream().map(r -> r.position().partition()).toArray(Integer[]::new))
                .param(rows.stream().map(r -> r.position().offset()).toArray(Long[]::new))
                .update();
    }

    @Override
    public void forgetOrder(String orderId) {
        jdbc.sql("delete from handled_inputs where order_id = ?").param(orderId).update();
    }

    @Override
    public int purge(Instant before, int limit) {
        return jdbc.sql("""
                        delete from handled_inputs where event_id in (
                            select event_id from handled_inputs where handled_at < ? limit ?)""")
                .params(Timestamp.from(before), limit)
                .update();
    }
}
