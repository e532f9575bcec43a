package dev.esim.catalog.outbox;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * The transactional outbox: {@link #append} writes the event into the {@code outbox} table inside the caller's
 * transaction, so an order (or plan) row and its event commit or roll back together. {@link OutboxRelay} publishes
 * the rows afterwards; the event id is fixed here, so a re-publish after a crash is a duplicate consumers drop.
 */
public final class Outbox {

    private static final List<Class<? extends OutboxEvent>> TYPES = List.of(
            OutboxEvent.OrderPlaced.class, OutboxEvent.OrderExpired.class, OutboxEvent.PlanChanged.class,
            OutboxEvent.ActivationEmailResendRequested.class, OutboxEvent.LineCancellationRequested.class);

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final AtomicReference<Runnable> wakeUp = new AtomicReference<>(() -> { });

    Outbox(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Must run inside a transaction; a duplicate event id (the same cause twice) is ignored.
     *
     * @return whether the event is new (false: an event with its id was appended before)
     */
    public boolean append(OutboxEvent event) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("the outbox is written in the same transaction as the state it reports");
        }
        int inserted = jdbc.sql("""
                insert into outbox (event_id, message_key, event_type, payload)
                values (:eventId, :key, :type, cast(:payload as jsonb))
                on conflict (event_id) do nothing""")
                .param("eventId", event.eventId())
                .param("key", event.key())
                .param("type", event.getClass().getSimpleName())
                .param("payload", json.writeValueAsString(event))
                .update();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                wakeUp.get().run();
            }
        });
        return inserted == 1;
    }

    /** The relay registers itself so a commit publishes at once instead of at the next poll. */
    void onAppend(Runnable relay) {
        wakeUp.set(relay);
    }

    /** Reads a stored row back into its event (for the relay). */
    OutboxEvent read(String type, String payload) {
        Class<? extends OutboxEvent> cls = TYPES.stream()
                .filter(c -> c.getSimpleName().equals(type))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown outbox event type " + type));
        return json.readValue(payload, cls);
    }
}
