package dev.esim.provisioning.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.esim.events.Topics;
import dev.esim.events.avro.ActivationEvent;
import dev.esim.events.avro.ActivationReady;
import dev.esim.provisioning.order.CrashPoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The worker dies at each step of the provisioning path; a new one starts on the same database and consumer group.
 * Whatever the step, the provider issued exactly one profile and read_committed consumers see exactly one activation.
 */
class CrashRecoveryIT {

    private static ProviderSandbox sandbox;

    @BeforeAll
    static void startProvider() {
        sandbox = ProviderSandbox.start();
    }

    @AfterAll
    static void stopProvider() {
        sandbox.close();
    }

    @ParameterizedTest(name = "crash {0}")
    @ValueSource(strings = {CrashPoint.AFTER_CLAIM, CrashPoint.AFTER_PROVIDER_CALL, CrashPoint.AFTER_CLAIM_UPDATE,
            CrashPoint.BEFORE_KAFKA_COMMIT})
    void restartAfterACrashLeavesExactlyOneProfileAndOneActivation(String step) throws Exception {
        try (WorkerSetup setup = new WorkerSetup("crash_" + step.replace('-', '_'))) {
            Map<String, Object> properties = setup.workerProperties(Map.of("simology", sandbox.baseUrl()));
            String order = WorkerSetup.newOrderId();
            HaltingCrashPoint crash = new HaltingCrashPoint(step);
            RunningWorker first = RunningWorker.start(properties, crash);

            setup.send(Topics.ORDERS.name(), order, EventFixture.orderPlaced(order));
            setup.send(Topics.PAYMENTS.name(), order, EventFixture.paymentSucceeded(order, "evt_" + order));
            crash.awaitHalted(Duration.ofSeconds(60));
            first.close();
            crash.release();

            assertThat(setup.committedActivations(Set.of(order))).as("nothing committed by the dead worker").isEmpty();
            try (RunningWorker second = RunningWorker.start(properties)) {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> setup.committedActivations(Set.of(order)).size() >= 1);
                setup.awaitDrained();
            }

            List<ActivationEvent> activations = setup.committedActivations(Set.of(order));
            assertThat(activations).hasSize(1);
            assertThat(activations.get(0).getPayload()).isInstanceOf(ActivationReady.class);
            assertThat(sandbox.simulator().profilesIssued(order)).isEqualTo(1);
            assertThat(setup.jdbc().sql("select state from claims where order_id = ?").param(order)
                    .query(String.class).single()).isEqualTo("ACTIVE");
        }
    }
}
