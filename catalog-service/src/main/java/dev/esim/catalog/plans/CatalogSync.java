package dev.esim.catalog.plans;

import dev.esim.catalog.outbox.Outbox;
import dev.esim.catalog.outbox.OutboxEvent;
import dev.esim.events.EventIds;
import dev.esim.provider.EsimProvider;
import dev.esim.provider.ProviderException;
import dev.esim.provider.ProviderPlan;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pulls every provider's catalogue, prices it, and stores what changed — each change with its
 * {@code esim.catalog.plans.v1} event in the same transaction (outbox), so the table and the compacted topic agree.
 * A SKU a provider stops listing is kept but marked unavailable (orders refer to it), and announced as such.
 */
public final class CatalogSync {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogSync.class);

    /** What one run changed. */
    public record Result(int seen, int changed, boolean skipped) {
    }

    private final List<EsimProvider> providers;
    private final PlanMapper mapper;
    private final JdbcPlanStore store;
    private final Outbox outbox;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final AtomicBoolean refreshRequested = new AtomicBoolean();

    CatalogSync(List<EsimProvider> providers, PlanMapper mapper, JdbcPlanStore store, Outbox outbox,
                TransactionTemplate tx, Clock clock) {
        this.providers = List.copyOf(providers);
        this.mapper = mapper;
        this.store = store;
        this.outbox = outbox;
        this.tx = tx;
        this.clock = clock;
    }

    /** Ask for a refresh soon (a provider told us stock changed); coalesces bursts into one run. */
    public void requestRefresh() {
        refreshRequested.set(true);
    }

    /** Runs a requested refresh, if any. Called by the scheduler every few seconds. */
    public void refreshIfRequested() {
        if (refreshRequested.getAndSet(false)) {
            refresh();
        }
    }

    public Result refresh() {
        Map<String, ProviderPlan> listed = new LinkedHashMap<>();
        Set<String> unreachable = new HashSet<>();
        for (EsimProvider provider : providers) {
            try {
                for (ProviderPlan p : provider.listPlans()) {
                    // the first provider listing a SKU sells it (registry order = preference)
                    listed.putIfAbsent(p.sku(), p);
                }
            } catch (ProviderException e) {
                // keep what we have for this provider rather than marking its whole range unavailable
                unreachable.add(provider.name());
                LOG.warn("Catalogue of provider {} not readable now: {}", provider.name(), e.getMessage());
            }
        }
        String runId = "catalog-sync-" + UUID.randomUUID();
        Instant now = clock.instant();
        Result result = tx.execute(status -> {
            if (!store.tryLockForSync()) {
                return new Result(listed.size(), 0, true);
            }
            Map<String, Plan> current = new LinkedHashMap<>();
            store.all().forEach(p -> current.put(p.sku(), p));
            List<Plan> changed = new ArrayList<>();
            for (ProviderPlan p : listed.values()) {
                Plan before = current.get(p.sku());
                Plan after = mapper.toPlan(p, before == null ? 1 : before.version() + 1, now);
                if (before == null || !before.sameOffer(after)) {
                    changed.add(after);
                }
            }
            for (Plan before : current.values()) {
                if (!listed.containsKey(before.sku()) && before.available()
                        && !unreachable.contains(before.provider())) {
                    changed.add(new Plan(before.sku(), before.name(), before.region(), before.coverage(),
                            before.dataAllowanceMb(), before.validityDays(), before.price(),
                            before.activationMethod(), false, before.provider(), before.version() + 1, now,
                            before.esimType(), before.termsUrl()));
                }
            }
            for (Plan plan : changed) {
                store.upsert(plan);
                outbox.append(event(plan, runId));
            }
            return new Result(listed.size(), changed.size(), false);
        });
        LOG.info("Catalogue sync {}: {} plans listed, {} changed{}", runId, result.seen(), result.changed(),
                result.skipped() ? " (skipped: another sync holds the lock)" : "");
        return result;
    }

    static OutboxEvent.PlanChanged event(Plan plan, String runId) {
        return new OutboxEvent.PlanChanged(
                EventIds.derive("catalog-plan", plan.sku(), Integer.toString(plan.version())),
                plan.updatedAt().toEpochMilli(), runId, plan.sku(), plan.name(), plan.region(), plan.coverage(),
                plan.dataAllowanceMb(), plan.validityDays(), plan.price().amountMinor(), plan.price().currency(),
                plan.activationMethod(), plan.available(), plan.provider());
    }
}
