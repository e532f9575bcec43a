package dev.esim.provisioning.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.esim.events.Topics;
import dev.esim.events.avro.ActivationEvent;
import dev.esim.events.avro.ActivationReady;
import dev.esim.provider.ProviderRegistry;
import dev.esim.provider.resilience.ResilientEsimProvider;
import dev.esim.sandbox.provider.ProviderFaults;
import dev.esim.sandbox.provider.ProviderStats;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A misbehaving provider: 429 storms, 5xx, timeouts, an open circuit, no stock. */
class ProviderFaultsIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int PROVIDER_LIMIT_PER_SECOND = 5;

    @Test
    void everythingProvisionsExactlyOnceThrough429Storms5xxAndTimeoutsWithoutExceedingTheRateLimit() {
        try (WorkerSetup setup = new WorkerSetup("faults");
             ProviderSandbox sandbox = ProviderSandbox.start(
                     Map.of("sandbox.provider.rate-limit-per-second", PROVIDER_LIMIT_PER_SECOND))) {
            Map<String, Object> properties = setup.workerProperties(Map.of("simology", sandbox.baseUrl()));
            properties.put("esim.worker.providers[0].calls-per-second", PROVIDER_LIMIT_PER_SECOND - 1);
            properties.put("esim.worker.retry.max-retries", 10);
            sandbox.simulator().setFaults(ProviderFaults.none()
                    .withRateLimitBurst(4, 1)
                    .withServerErrorRate(0.3)
                    // 5xx and timeouts strike after the order took effect: "did my order go through?"
                    .withTimeouts(0.1, Duration.ofSeconds(3))
                    .withFailuresAfterCommit(true));
            List<String> orders = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                orders.add(WorkerSetup.newOrderId());
            }

            try (RunningWorker worker = RunningWorker.start(properties)) {
                for (String order : orders) {
                    setup.send(Topics.ORDERS.name(), order, EventFixture.orderPlaced(order));
                    setup.send(Topics.PAYMENTS.name(), order, EventFixture.paymentSucceeded(order, "evt_" + order));
                }
                await().atMost(WAIT)
                        .until(() -> setup.committedActivations(Set.copyOf(orders)).size() >= orders.size());
                setup.awaitDrained();
            }

            ProviderStats stats = sandbox.simulator().stats();
            assertThat(stats.rateLimited()).as("the 429 storm happened").isGreaterThanOrEqualTo(4);
            assertThat(stats.injectedServerErrors()).as("5xx happened").isPositive();
            assertThat(stats.maxRequestsPerSecond()).as("requests in any one second, measured by the provider")
                    .isLessThanOrEqualTo(PROVIDER_LIMIT_PER_SECOND);
            assertThat(setup.committedActivations(Set.copyOf(orders))).hasSize(orders.size());
            for (String order : orders) {
                assertThat(sandbox.simulator().profilesIssued(order)).as("profiles for %s", order).isEqualTo(1);
            }
        }
    }

    @Test
    void circuitOpensWhileTheProviderIsDownAndClosesWhenItRecovers() {
        try (WorkerSetup setup = new WorkerSetup("circuit"); ProviderSandbox sandbox = ProviderSandbox.start()) {
            Map<String, Object> properties = setup.workerProperties(Map.of("simology", sandbox.baseUrl()));
            properties.put("esim.worker.retry.max-retries", 20);
            properties.put("esim.worker.retry.max-interval", "1s");
            sandbox.simulator().setFaults(ProviderFaults.none().withServerErrorRate(1.0));
            String order = WorkerSetup.newOrderId();

            try (RunningWorker worker = RunningWorker.start(properties)) {
                ResilientEsimProvider provider = (ResilientEsimProvider) worker.bean(ProviderRegistry.class)
                        .get("simology");
                setup.send(Topics.ORDERS.name(), order, EventFixture.orderPlaced(order));
                setup.send(Topics.PAYMENTS.name(), order, EventFixture.paymentSucceeded(order, "evt_" + order));

                await().atMost(WAIT).until(provider::circuitState, s -> s == CircuitBreaker.State.OPEN);
                assertThat(setup.committedActivations(Set.of(order))).isEmpty();
                sandbox.simulator().clearFaults();

                await().atMost(WAIT).until(() -> setup.committedActivations(Set.of(order)).size() == 1);
                await().atMost(WAIT).until(provider::circuitState, s -> s == CircuitBreaker.State.CLOSED);
            }
            assertThat(sandbox.simulator().profilesIssued(order)).isEqualTo(1);
        }
    }

    @Test
    void outOfStockAtThePrimaryFailsOverToAnEquivalentPlanAtTheBackupProvider() {
        try (WorkerSetup setup = new WorkerSetup("failover");
             ProviderSandbox primary = ProviderSandbox.start();
             ProviderSandbox backup = ProviderSandbox.start()) {
            Map<String, java.net.URI> providers = new LinkedHashMap<>();
            providers.put("simology", primary.baseUrl());
            providers.put("backup", backup.baseUrl());
            primary.simulator().setFaults(ProviderFaults.none().withOutOfStock(EventFixture.SKU));
            String order = WorkerSetup.newOrderId();

            try (RunningWorker worker = RunningWorker.start(setup.workerProperties(providers))) {
                setup.send(Topics.ORDERS.name(), order, EventFixture.orderPlaced(order));
                setup.send(Topics.PAYMENTS.name(), order, EventFixture.paymentSucceeded(order, "evt_" + order));
                await().atMost(WAIT).until(() -> setup.committedActivations(Set.of(order)).size() == 1);
            }

            ActivationEvent event = setup.committedActivations(Set.of(order)).get(0);
            assertThat(((ActivationReady) event.getPayload()).getProvider()).isEqualTo("backup");
            assertThat(primary.simulator().profilesIssued(order)).isZero();
            assertThat(backup.simulator().profilesIssued(order)).isEqualTo(1);
            assertThat(new HashSet<>(setup.jdbc().sql("select unnest(providers_tried) from claims where order_id = ?")
                    .param(order).query(String.class).list())).containsExactlyInAnyOrder("simology", "backup");
        }
    }
}
