package dev.esim.catalog.reconciliation;

import dev.esim.catalog.CatalogProperties;
import dev.esim.catalog.FailoverProviders;
import dev.esim.catalog.orders.OrderExpiry;
import dev.esim.provider.EsimProvider;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import tools.jackson.databind.json.JsonMapper;

/**
 * The mop-up job: each payment gateway's reader and route back into payment-ingress ({@link ReconciledGateway}
 * beans, one per gateway), its findings, and its schedule.
 */
@Configuration(proxyBeanMethods = false)
class ReconciliationConfiguration {

    static final String SANDBOX_WEBHOOK_SECRET = "whsec_sandbox_local_only_do_not_use_in_production";

    @Bean
    Reconciliation reconciliation(CatalogProperties properties, List<ReconciledGateway> gateways,
                                  OrderExpiry expiry, EsimProvider provider,
                                  FailoverProviders failover, JdbcClient jdbc, JsonMapper json,
                                  MeterRegistry meters, Clock clock) {
        CatalogProperties.Reconciliation r = properties.catalog().reconciliation();
        if (properties.live() && r.webhookSecret().contains(SANDBOX_WEBHOOK_SECRET)) {
            throw new IllegalStateException("live mode refuses the published sandbox Stripe webhook secret"
                    + " (esim.catalog.reconciliation.webhook-secret)");
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(r.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        Map<String, Reconciliation.Link> links = new LinkedHashMap<>();
        for (ReconciledGateway g : gateways) {
            links.put(g.name(), new Reconciliation.Link(g.reader(),
                    new SignedWebhookRedelivery(http, g.webhookUrl(), g.signer(), r.timeout(), clock, json)));
        }
        return new Reconciliation(links, expiry,
                Stream.concat(Stream.of(provider), failover.providers().stream()).toList(),
                new Journeys(jdbc), new Findings(jdbc), new Redeliveries(jdbc),
                new ReconciliationMetrics(meters), clock,
                r.gracePeriod(), r.lookback(), r.stuckAfter(), Math.max(1, r.batchSize()));
    }

    @Bean
    @ConditionalOnProperty(name = "esim.catalog.reconciliation.enabled", havingValue = "true", matchIfMissing = true)
    ReconciliationSchedule reconciliationSchedule(Reconciliation reconciliation) {
        return new ReconciliationSchedule(reconciliation);
    }

    static final class ReconciliationSchedule {

        private final Reconciliation reconciliation;

        ReconciliationSchedule(Reconciliation reconciliation) {
            this.reconciliation = reconciliation;
        }

        @Scheduled(initialDelayString = "${esim.catalog.reconciliation.initial-delay:5m}",
                fixedDelayString = "${esim.catalog.reconciliation.interval:5m}")
        void run() {
            reconciliation.run();
        }
    }
}
