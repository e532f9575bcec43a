package dev.esim.provisioning.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.esim.events.Topics;
import dev.esim.sandbox.provider.ProviderStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A provider's rate limit is one budget for the deployment: two worker instances, each configured with the
 * provider's calls-per-second, together stay within it — measured by the provider, which answers any call over its
 * limit with 429.
 */
class SharedRateLimitIT {

    private static final int PROVIDER_LIMIT_PER_SECOND = 8;
    /**
     * The provider's own limit, with no margin: a call is counted from when its answer came back, so however its
     * travel time varies, the next call on its place arrives a full window later. Each instance spending this alone
     * would send the provider up to twice as many, and it would answer the excess with 429.
     */
    private static final int CALLS_PER_SECOND = PROVIDER_LIMIT_PER_SECOND;
    private static final int ORDERS = 30;

    @Test
    void twoWorkersTogetherNeverExceedTheProvidersLimit() {
        try (WorkerSetup setup = new WorkerSetup("shared-budget");
             ProviderSandbox sandbox = ProviderSandbox.start(
                     Map.of("sandbox.provider.rate-limit-per-second", PROVIDER_LIMIT_PER_SECOND))) {
            List<String> orders = new ArrayList<>();
            for (int i = 0; i < ORDERS; i++) {
                orders.add(WorkerSetup.newOrderId());
            }

            try (RunningWorker first = RunningWorker.startJoining(instance(setup, sandbox, "a"), null);
                 RunningWorker second = RunningWorker.startJoining(instance(setup, sandbox, "b"), null)) {
                first.awaitPartitions(2);
                second.awaitPartitions(2);
                for (String order : orders) {
                    setup.send(Topics.ORDERS.name(), order, EventFixture.orderPlaced(order));
                    setup.send(Topics.PAYMENTS.name(), order, EventFixture.paymentSucceeded(order, "evt_" + order));
                }
                await().atMost(Duration.ofSeconds(120))
                        .until(() -> setup.committedActivations(Set.copyOf(orders)).size() >= orders.size());
                setup.awaitDrained();
            }

            ProviderStats stats = sandbox.simulator().stats();
            assertThat(stats.maxRequestsPerSecond()).as("requests in any one second, measured by the provider")
                    .isLessThanOrEqualTo(PROVIDER_LIMIT_PER_SECOND);
            assertThat(stats.rateLimited()).as("calls the provider refused with 429").isZero();
            assertThat(setup.committedActivations(Set.copyOf(orders))).hasSize(orders.size());
            for (String order : orders) {
                assertThat(sandbox.simulator().profilesIssued(order)).as("profiles for %s", order).isEqualTo(1);
            }
        }
    }

    /**
     * One instance's properties: the deployment's shared database and group, its own transactional-id prefix, and
     * {@link #CALLS_PER_SECOND} as the provider's budget: spent by each instance alone, two would together exceed the
     * provider's limit.
     */
    private static Map<String, Object> instance(WorkerSetup setup, ProviderSandbox sandbox, String name) {
        Map<String, Object> properties = setup.workerProperties(Map.of("simology", sandbox.baseUrl()));
        properties.put("spring.kafka.producer.transaction-id-prefix", "pw-" + setup.group + "-" + name + "-");
        properties.put("esim.worker.providers[0].calls-per-second", CALLS_PER_SECOND);
        return properties;
    }
}
