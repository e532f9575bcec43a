package dev.esim.provider.resilience;

import java.time.Duration;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A provider's rate limit — at most {@code limit} calls in any rolling {@code window} — kept in PostgreSQL, so that
 * every instance of a service spends from the same budget (a provider that allows 10 calls/s allows them to the
 * account, not to each pod). The table {@code provider_call_slot} ({@link #TABLE_DDL}, created by each service's own
 * migration) holds {@code limit} slots per provider with the time each was last spent; a call takes a slot last spent
 * at least a window ago (the oldest, as the in-process sliding window does), in one statement, so two instances can
 * never take the same slot ({@code FOR UPDATE SKIP LOCKED} plus PostgreSQL's re-check of the condition on the locked
 * row). Time is the database's clock, the one clock all instances share. One round trip per provider call.
 *
 * <p>Services that call the same provider keep their budgets in their own databases: the provider's limit is split
 * between them by configuration (the worker's calls-per-second plus catalog-service's stay within it).
 */
public final class JdbcCallBudget implements CallBudget {

    /** The table this budget needs, as the services' Flyway migrations create it. */
    public static final String TABLE_DDL = """
            create table provider_call_slot (
                provider   text        not null,
                slot       int         not null,
                granted_at timestamptz not null,
                primary key (provider, slot)
            )""";

    /** When the locked slots are the free ones: ask again very soon rather than report a full window. */
    private static final Duration CONTENDED = Duration.ofMillis(5);

    private final JdbcClient jdbc;
    private final String provider;
    private final int limit;
    private final double windowSeconds;
    private volatile boolean slotsReady;

    public JdbcCallBudget(JdbcClient jdbc, String provider, int limit, Duration window) {
        if (limit < 1) {
            throw new IllegalArgumentException("a call budget allows at least one call per window");
        }
        this.jdbc = jdbc;
        this.provider = provider;
        this.limit = limit;
        this.windowSeconds = window.toNanos() / 1e9;
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
                insert into provider_call_slot (provider, slot, granted_at)
                select :provider, s, '-infinity' from generate_series(0, :limit - 1) s
                on conflict do nothing
                """).param("provider", provider).param("limit", limit).update();
        jdbc.sql("delete from provider_call_slot where provider = :provider and slot >= :limit")
                .param("provider", provider).param("limit", limit).update();
        slotsReady = true;
    }

    @Override
    public Duration tryAcquire() {
        ensureSlots();
        Optional<Integer> taken = jdbc.sql("""
                update provider_call_slot set granted_at = clock_timestamp()
                where (provider, slot) = (
                    select provider, slot from provider_call_slot
                    where provider = :provider
                      and granted_at <= clock_timestamp() - make_interval(secs => :window)
                    order by granted_at
                    limit 1
                    for update skip locked)
                returning slot
                """).param("provider", provider).param("window", windowSeconds).query(Integer.class).optional();
        if (taken.isPresent()) {
            return Duration.ZERO;
        }
        Double seconds = jdbc.sql("""
                select extract(epoch from min(granted_at) + make_interval(secs => :window) - clock_timestamp())
                from provider_call_slot where provider = :provider
                """).param("provider", provider).param("window", windowSeconds).query(Double.class).single();
        if (seconds == null || seconds <= 0) {
            return CONTENDED;
        }
        return Duration.ofNanos((long) (seconds * 1e9));
    }
}
