package dev.esim.provisioning.it;

import static dev.esim.provisioning.it.EventFixture.ACTIVATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.esim.events.EventIds;
import dev.esim.events.Topics;
import dev.esim.events.avro.ActivationEvent;
import dev.esim.events.avro.ActivationReady;
import dev.esim.events.avro.ProvisioningDelayed;
import dev.esim.events.avro.ProvisioningFailed;
import dev.esim.sandbox.provider.ActivationMode;
import dev.esim.sandbox.provider.ProviderFaults;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A paid order never waits silently: the worker looks at every unsettled claim by itself (checks published to
 * {@code esim.provisioning-checks.v1} and handled like any input), polls the provider for orders whose callback never
 * comes, retries lines parked on a provider without balance, and fails them at the deadline (here 12 s) so that they
 * are refunded. Webhooks from the simulator go nowhere in the worker's ITs: every callback is lost.
 */
class NoOrderWaitsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static WorkerSetup setup;
    private static ProviderSandbox sandbox;
    private static RunningWorker worker;

    @BeforeAll
    static void start() {
        setup = new WorkerSetup("no_order_waits");
        sandbox = ProviderSandbox.start();
        Map<String, Object> properties = setup.workerProperties(Map.of("simology", sandbox.baseUrl()));
        properties.put("esim.worker.checks.provider-deadline", "12s");
        worker = RunningWorker.start(properties);
    }

    @AfterAll
    static void stop() {
        worker.close();
        sandbox.close();
        setup.close();
    }

    @AfterEach
    void providerBackToNormal() {
        sandbox.simulator().clearFaults();
        sandbox.simulator().setActivationMode(ActivationMode.SYNC);
    }

    @Test
    void anAsyncOrderWhoseCallbackIsLostIsCompletedByPollingTheProviderOnce() {
        sandbox.simulator().setActivationMode(ActivationMode.ASYNC);
        String order = WorkerSetup.newOrderId();

        setup.send(Topics.ORDERS.name(), order, EventFixture.orderPlaced(order));
        setup.send(Topics.PAYMENTS.name(), order, EventFixture.paymentSucceeded(order, "evt_" + order));

        await().atMost(WAIT).until(() -> setup.committedActivations(Set.of(order)).size() == 1);
        setup.awaitDrained();
        ActivationEvent event = setup.committedActivations(Set.of(order)).get(0);
        assertThat(event.getPayload()).isInstanceOf(ActivationReady.class);
        String payment = EventIds.derive("stripe", "evt_" + order);
        assertThat(event.getEventId()).isEqualTo(EventIds.derive(payment, "ActivationReady"));
        assertThat(ACTIVATION.decrypt(((ActivationReady) event.getPayload()).getLpa(), event.getEventId()))
                .startsWith("LPA:1$");
        assertThat(sandbox.simulator().profilesIssued(order)).isEqualTo(1);
        assertThat(sandbox.simulator().stats().requestsTo("GET /v1/orders/{order_id}")).isPositive();
    }

    @Test
    void anOrderPaidWhileTheProviderHasNoBalanceWaitsVisiblyAndIsIssuedWhenTheBalanceReturns() {
        sandbox.simulator().setFaults(ProviderFaults.none().withInsufficientBalance(true));
        String order = WorkerSetup.newOrderId();

        setup.send(Topics.ORDERS.name(), order, EventFixture.orderPlaced(order));
        setup.send(Topics.PAYMENTS.name(), order, EventFixture.paymentSucceeded(order, "evt_" + order));

        await().atMost(WAIT).until(() -> kinds(order).contains("ProvisioningDelayed"));
        assertThat(claimState(order)).isEqualTo("AWAITING_PROVIDER");
        ProvisioningDelayed delayed = (ProvisioningDelayed) events(order).stream()
                .filter(e -> e.getPayload() instanceof ProvisioningDelayed).findFirst().orElseThrow().getPayload();
        assertThat(delayed.getReasonCode()).isEqualTo("insufficient_balance");
        assertThat(sandbox.simulator().profilesIssued(order)).isZero();

        sandbox.simulator().clearFaults(); // the operator tops up the prepaid balance

        await().atMost(WAIT).until(() -> kinds(order).contains("ActivationReady"));
        setup.awaitDrained();
        assertThat(kinds(order)).containsOnlyOnce("ProvisioningDelayed", "ActivationReady")
                .doesNotContain("ProvisioningFailed");
        assertThat(sandbox.simulator().profilesIssued(order)).isEqualTo(1);
    }

    @Test
    void anOrderTheProviderCannotServeBeforeTheDeadlineFailsOnceSoThatItIsRefunded() {
        sandbox.simulator().setFaults(ProviderFaults.none().withInsufficientBalance(true));
        String order = WorkerSetup.newOrderId();

        setup.send(Topics.ORDERS.name(), order, EventFixture.orderPlaced(order));
        setup.send(Topics.PAYMENTS.name(), order, EventFixture.paymentSucceeded(order, "evt_" + order));

        await().atMost(WAIT).until(() -> kinds(order).contains("ProvisioningFailed"));
        setup.awaitDrained();
        assertThat(kinds(order)).containsOnlyOnce("ProvisioningDelayed", "ProvisioningFailed")
                .doesNotContain("ActivationReady");
        ProvisioningFailed failed = (ProvisioningFailed) events(order).stream()
                .filter(e -> e.getPayload() instanceof ProvisioningFailed).findFirst().orElseThrow().getPayload();
        assertThat(failed.getReasonCode()).isEqualTo("insufficient_balance");
        assertThat(claimState(order)).isEqualTo("FAILED");
        long provisionCalls = sandbox.simulator().stats().requestsTo("POST /v1/orders");

        sandbox.simulator().clearFaults();
        setup.send(Topics.PAYMENTS.name(), order, EventFixture.paymentSucceeded(order, "evt_" + order));
        setup.awaitDrained();

        assertThat(sandbox.simulator().stats().requestsTo("POST /v1/orders")).isEqualTo(provisionCalls);
        assertThat(sandbox.simulator().profilesIssued(order)).isZero();
    }

    private static List<ActivationEvent> events(String order) {
        return setup.committedActivations(Set.of(order));
    }

    private static List<String> kinds(String order) {
        return events(order).stream().map(e -> e.getPayload().getClass().getSimpleName()).toList();
    }

    private static String claimState(String order) {
        return setup.jdbc().sql("select state from claims where order_id = ?").param(order).query(String.class)
                .optional().orElse(null);
    }
}
