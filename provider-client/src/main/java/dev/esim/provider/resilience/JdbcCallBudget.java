package dev.esim.provider.resilience;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A provider's rate limit — at most {@code limit} calls in any rolling {@code window} — kept in PostgreSQL, so that
 * every instance of a service spends from the same budget (a provider that allows 10 calls/s allows them to the
 * account, not to each pod). The table {@code provider_call_slot} ({@link #TABLE_DDL}, created by each service's own
 * migrations) holds {@code limit} slots per provider, each with the instant it is free again ({@code free_at}). A
 * call takes the free slot that has been free longest, in one statement, so two instances can never take the same
 * slot ({@code FOR UPDATE SKIP LOCKED} plus PostgreSQL's re-check of the condition on the locked row), and holds it
 * for the longest a call may take plus a window. When the call is over, its slot is set free a window after that
 * moment (see {@link CallBudget} for why the end and not the grant). A process that dies mid-call leaves its slot
 * held for at most {@code longestCall} plus a window. Time is the database's clock, the one clock all instances
 * share. Two round trips per provider call: the grant and the end.
 *
 * <p>Services that call the same provider keep their budgets in their own databases: the provider's limit is split
 * between them by configuration (the worker's calls-per-second plus catalog-service's stay within it).
 */
public final class JdbcCallBudget implements CallBudget {

    /** The table this budget needs, as the services' Flyway migrations leave it. */
    public static final String TABLE_DDL = """
            create table provider_call_slot (
                provider text        not null,
                slot     int         not null,
                free_at  timestamptz not null,
                primary key (provider, slot)
            )""";

    private static final Logger LOG = LoggerFactory.getLogger(JdbcCallBudget.class);

    /** When the locked slots are the free ones: ask again very soon rather than report a full window. */
    private static final Duration CONTENDED = Duration.ofMillis(5);

    private final JdbcClient jdbc;
    private final String provider;
    private final int limit;
    private final Duration window;
    private final double windowSeconds;
    private final double heldSeconds;
    private volatile boolean slotsReady;

    /**
     * @param longestCall the longest a call may be in flight (the caller's time limit on it): a slot whose end is
     *                    never reported is free again this long plus a window after its grant
     */
    public JdbcCallBudget(JdbcClient jdbc, String provider, int limit, Duration window, Duration longestCall) {
        if (limit < 1) {
            throw new IllegalArgumentException("a call budget allows at least one call per window");
        }
        this.jdbc = jdbc;
        this.provider = provider;
        this.limit = limit;
        this.window = window;
        this.windowSeconds = window.toNanos() / 1e9;
        this.heldSeconds = windowSeconds + longestCall.toNanos() / 1e9;
    }

    /**
     * Makes the provider's slot count equal the limit, once per process, at its first call (after Flyway has run).
     * Instances share one configuration in a deployment; during a rollout that changes the limit, the last
     * instance to make a call sets it.
     */
    private void ensureSlots() {
        if (slotsReady) {
            return;
        }
        jdbc.sql("""
                insert into provider_call_slot (provider, slot, free_at)
                select :provider, s, '-infinity' from generate_series(0, :limit - 1) s
                on conflict do nothing
                """).param("provider", provider).param("limit", limit).update();
        jdbc.sql("delete from provider_call_slot where provider = :provider and slot >= :limit")
                .param("provider", provider).param("limit", limit).update();
        slotsReady = true;
    }

    @Override
    public Place tryAcquire() {
        ensureSlots();
        Optional<Held> taken = jdbc.sql("""
                update provider_call_slot set free_at = clock_timestamp() + make_interval(secs => :held)
                where (provider, slot) = (
                    select provider, slot from provider_call_slot
                    where provider = :provider and free_at <= clock_timestamp()
                    order by free_at
                    limit 1
                    for update skip locked)
                returning slot, free_at
                """).param("provider", provider).param("held", heldSeconds)
                .query((rs, n) -> new Held(rs.getInt("slot"), rs.getObject("free_at", OffsetDateTime.class)))
                .optional();
        if (taken.isPresent()) {
            Held held = taken.get();
            return Place.granted(() -> release(held));
        }
        Double seconds = jdbc.sql("""
                select extract(epoch from min(free_at) - clock_timestamp())
                from provider_call_slot where provider = :provider
                """).param("provider", provider).query(Double.class).single();
        if (seconds == null || seconds <= 0) {
            return Place.refused(CONTENDED);
        }
        // every slot in flight: none can be free before a window after its call ends
        return Place.refused(seconds >= windowSeconds ? window : Duration.ofNanos((long) (seconds * 1e9)));
    }

    /**
     * Frees the slot a window from now — unless it is no longer this call's (it outlived {@code longestCall} and was
     * taken again). If the database cannot be reached the slot stays held until its grant's bound, which is safe.
     */
    private void release(Held held) {
        try {
            jdbc.sql("""
                    update provider_call_slot set free_at = clock_timestamp() + make_interval(secs => :window)
                    where provider = :provider and slot = :slot and free_at = :held
                    """).param("provider", provider).param("slot", held.slot()).param("held", held.freeAt())
                    .param("window", windowSeconds).update();
        } catch (RuntimeException e) {
            LOG.warn("provider={} call budget slot {} not released, it frees itself at {}: {}", provider, held.slot(),
                    held.freeAt(), e.toString());
        }
    }

    /** A slot taken, and the bound it was taken until — which identifies this grant of it. */
    private record Held(int slot, OffsetDateTime freeAt) {
    }
}
