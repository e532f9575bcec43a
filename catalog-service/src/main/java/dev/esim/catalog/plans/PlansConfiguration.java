package dev.esim.catalog.plans;

import dev.esim.catalog.CatalogProperties;
import dev.esim.catalog.outbox.Outbox;
import dev.esim.provider.EsimProvider;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The catalogue: provider sync, retail pricing, storage, HTTP. */
@Configuration(proxyBeanMethods = false)
class PlansConfiguration {

    @Bean
    JdbcPlanStore planStore(JdbcClient jdbc) {
        return new JdbcPlanStore(jdbc);
    }

    @Bean
    Pricing pricing(CatalogProperties properties) {
        Map<String, Pricing.Rule> rules = new LinkedHashMap<>();
        properties.catalog().pricing().rules().forEach((currency, r) ->
                rules.put(currency, new Pricing.Rule(r.marginPercent(), r.step(), r.charm())));
        return new Pricing(rules);
    }

    @Bean
    CatalogSync catalogSync(List<EsimProvider> providers, Pricing pricing, JdbcPlanStore store, Outbox outbox,
                            TransactionTemplate tx, Clock clock, CatalogProperties properties) {
        return new CatalogSync(providers, new PlanMapper(pricing, properties.catalog().regions()), store, outbox, tx,
                clock);
    }

    @Bean
    CatalogController catalogController(JdbcPlanStore store, JsonMapper json, CatalogProperties properties) {
        return new CatalogController(store, json, properties.catalog().cache().maxAge());
    }

    @Bean
    SyncSchedule catalogSyncSchedule(CatalogSync sync, CatalogProperties properties) {
        return new SyncSchedule(sync, properties.catalog().sync().enabled());
    }

    /** Full refresh on a schedule; requested refreshes (provider said "out of stock") within seconds. */
    static final class SyncSchedule {

        private final CatalogSync sync;
        private final boolean enabled;

        SyncSchedule(CatalogSync sync, boolean enabled) {
            this.sync = sync;
            this.enabled = enabled;
        }

        @Scheduled(initialDelayString = "${esim.catalog.sync.initial-delay:2s}",
                fixedDelayString = "${esim.catalog.sync.interval:15m}")
        void full() {
            if (enabled) {
                sync.refresh();
            }
        }

        @Scheduled(initialDelay = 5_000, fixedDelay = 5_000)
        void requested() {
            if (enabled) {
                sync.refreshIfRequested();
            }
        }
    }
}
