package dev.esim.provisioning.it;

import static dev.esim.provisioning.it.EventFixture.ACTIVATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.esim.events.EventIds;
import dev.esim.events.Topics;
import dev.esim.events.avro.ActivationEvent;
import dev.esim.events.avro.ActivationReady;
import dev.esim.events.avro.DisputeOutcome;
import dev.esim.events.avro.LineCancelled;
import dev.esim.events.avro.OrderEvent;
import dev.esim.events.avro.ProvisioningFailed;
import dev.esim.events.avro.TopUpApplied;
import dev.esim.provider.LineUsage;
import dev.esim.provider.ProviderOrder;
import dev.esim.provider.simology.Simology;
import dev.esim.provider.simology.SimologyConfig;
import dev.esim.provisioning.order.CrashPoint;
import dev.esim.provisioning.stream.DeadLetterHeaders;
import dev.esim.sandbox.provider.ActivationMode;
import dev.esim.testkit.HostileRecords;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The worker as a downstream team sees it: events in on real Kafka (transactions), the provider simulator over HTTP,
 * claims in real PostgreSQL, activation events read with {@code read_committed}. Start reading here.
 */
class ExactlyOnceProvisioningIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static WorkerSetup setup;
    private static ProviderSandbox sandbox;
    private static RunningWorker worker;
    /** The order whose first Kafka transaction carrying its activation must abort (null: abort nothing). */
    private static final AtomicReference<String> ABORT_ACTIVATION_OF = new AtomicReference<>();
    /** The order whose first Kafka transaction carrying its activation is fenced before it commits. */
    private static final AtomicReference<String> FENCE_ACTIVATION_OF = new AtomicReference<>();

    @BeforeAll
    static void start() {
        setup = new WorkerSetup("exactly_once");
        sandbox = ProviderSandbox.start();
        // Abort exactly the transaction that handled this order's payment: the provider has issued its profile (so
        // the activation was sent in this transaction, just before this step). A plain "abort the next commit" flag
        // could be spent on a stray record of an earlier test that produced nothing.
        CrashPoint abortOnce = step -> {
            String order = ABORT_ACTIVATION_OF.get();
            if (step.equals(CrashPoint.BEFORE_KAFKA_COMMIT) && order != null
                    && sandbox.simulator().profilesIssued(order) > 0
                    && ABORT_ACTIVATION_OF.compareAndSet(order, null)) {
                // Abort only once the activation is in the log: records still in the producer's buffer when a
                // transaction aborts are dropped, never written, and there would be nothing for the test to hide.
                await().atMost(WAIT).until(() -> !setup.allActivationsIncludingAborted(Set.of(order)).isEmpty());
                throw new IllegalStateException("injected failure just before the Kafka commit");
            }
            String fenced = FENCE_ACTIVATION_OF.get();
            if (step.equals(CrashPoint.BEFORE_KAFKA_COMMIT) && fenced != null
                    && sandbox.simulator().profilesIssued(fenced) > 0
                    && FENCE_ACTIVATION_OF.compareAndSet(fenced, null)) {
                await().atMost(WAIT).until(() -> !setup.allActivationsIncludingAborted(Set.of(fenced)).isEmpty());
                assertThat(setup.fenceOpenTransactions()).as("open transactions fenced").isPositive();
            }
        };
        Map<String, Object> properties = setup.workerProperties(Map.of("simology", sandbox.baseUrl()));
        // Here the provider's callback completes async orders; the worker's own polls are NoOrderWaitsIT's subject.
        properties.put("esim.worker.checks.first-after", "5m");
        properties.put("esim.worker.checks.max-interval", "5m");
        properties.put("esim.worker.retry.max-retries", "2");
        properties.put("esim.worker.retry.initial-interval", "200ms");
        properties.put("esim.worker.retention-interval", "1s");
        worker = RunningWorker.start(properties, abortOnce);
    }

    @AfterAll
    static void stop() {
        worker.close();
        sandbox.close();
        setup.close();
    }

    @Test
    void paymentsDeliveredThreeTimesAndShuffledProvisionOneProfileAndOneActivationPerOrder() {
        List<String> orders = List.of(WorkerSetup.newOrderId(), WorkerSetup.newOrderId(), WorkerSetup.newOrderId(),
                WorkerSetup.newOrderId(), WorkerSetup.newOrderId());
        String declined = WorkerSetup.newOrderId();
        List<Runnable> inputs = new ArrayList<>();
        for (String order : orders) {
            inputs.addAll(setup.paidOrderInputs(order));
        }
        inputs.add(() -> setup.send(Topics.ORDERS.name(), declined, EventFixture.orderPlaced(declined)));
        inputs.add(() -> setup.send(Topics.PAYMENTS.name(), declined,
                EventFixture.paymentFailed(declined, "evt_failed_" + declined)));
        Collections.shuffle(inputs, new Random(7));

        inputs.forEach(Runnable::run);

        await().atMost(WAIT).until(() -> setup.committedActivations(Set.copyOf(orders)).size() >= orders.size());
        awaitDrained();
        List<ActivationEvent> activations = setup.committedActivations(Set.copyOf(orders));
        assertThat(activations).hasSize(orders.size());
        for (String order : orders) {
            assertThat(sandbox.simulator().profilesIssued(order)).as("profiles for %s", order).isEqualTo(1);
            ActivationEvent event = activations.stream().filter(a -> a.getOrderId().equals(order)).findFirst()
                    .orElseThrow();
            assertThat(event.getEventId()).isIn(
                    EventIds.derive(EventIds.derive("stripe", "evt_completed_" + order), "ActivationReady"),
                    EventIds.derive(EventIds.derive("stripe", "evt_intent_" + order), "ActivationReady"));
            ActivationReady ready = (ActivationReady) event.getPayload();
            assertThat(ready.getSku()).isEqualTo(EventFixture.SKU);
            assertThat(ready.getLpa().getKeyId()).isEqualTo("activation/sandbox");
            assertThat(new String(ready.getLpa().getCiphertext().array(), StandardCharsets.ISO_8859_1))
                    .doesNotContain("LPA:1$");
            assertThat(ACTIVATION.decrypt(ready.getLpa(), event.getEventId())).startsWith("LPA:1$");
        }
        assertThat(sandbox.simulator().profilesIssued(declined)).isZero();
        assertThat(setup.committedActivations(Set.of(declined))).isEmpty();
        assertThat(setup.jdbc().sql("select count(*) from claims where state = 'ACTIVE' and order_id in (:ids)")
                .param("ids", orders).query(Long.class).single()).isEqualTo(orders.size());
    }

    /**
     * One poll, one transaction: its inputs see each other's outcomes as published (no second copy), and an input that
     * fails alone is retried and dead-lettered alone — the inputs around it commit once.
     */
    @Test
    void inputsArrivingInOnePollAreHandledOnceEachAndAFailingOneIsDeadLetteredAlone() {
        List<String> orders = List.of(WorkerSetup.newOrderId(), WorkerSetup.newOrderId(), WorkerSetup.newOrderId());
        String failing = WorkerSetup.newOrderId();
        String garbage = WorkerSetup.newOrderId();
        refuseClaimsOf(failing);
        // The orders are known before their payments arrive (the checkout comes first), so the claims are made by
        // the payments; a poll does not promise which topic's records it hands over first.
        for (String order : List.of(orders.get(0), failing, orders.get(1), orders.get(2))) {
            setup.send(Topics.ORDERS.name(), order, EventFixture.orderPlaced(order));
        }
        awaitDrained();
        worker.pause();
        try {
            for (String order : List.of(orders.get(0), failing, orders.get(1), orders.get(2))) {
                for (int i = 0; i < 3; i++) {
                    setup.send(Topics.PAYMENTS.name(), order, EventFixture.paymentSucceeded(order, "evt_" + order));
                }
            }
            setup.sendRaw(Topics.PAYMENTS.name(), garbage, "not avro".getBytes(StandardCharsets.UTF_8));
            setup.send(Topics.PAYMENTS.name(), orders.get(0),
                    EventFixture.paymentSucceeded(orders.get(0), "evt_late_" + orders.get(0)));
        } finally {
            worker.resume();
        }

        List<ConsumerRecord<String, byte[]>> failed;
        try {
            failed = await().atMost(WAIT)
                    .until(() -> setup.deadLetters(Topics.PAYMENTS.name(), failing), l -> l.size() == 3);
        } finally {
            setup.jdbc().sql("drop trigger refuse_claims on claims").update();
        }
        await().atMost(WAIT).until(() -> setup.committedActivations(Set.copyOf(orders)).size() >= orders.size());
        awaitDrained();

        assertThat(setup.committedActivations(Set.copyOf(orders))).extracting(ActivationEvent::getOrderId)
                .containsExactlyInAnyOrderElementsOf(orders);
        for (String order : orders) {
            assertThat(sandbox.simulator().profilesIssued(order)).as("profiles for %s", order).isEqualTo(1);
        }
        assertThat(reason(failed.get(0))).contains("claims of " + failing + " refused");
        assertThat(setup.committedActivations(Set.of(failing))).isEmpty();
        assertThat(sandbox.simulator().profilesIssued(failing)).isZero();
        assertThat(setup.deadLetters(Topics.PAYMENTS.name(), garbage)).hasSize(1);
    }

    @Test
    void readCommittedConsumerNeverSeesTheActivationOfAnAbortedTransaction() {
        String order = WorkerSetup.newOrderId();
        setup.send(Topics.ORDERS.name(), order, EventFixture.orderPlaced(order));
        awaitDrained();
        ABORT_ACTIVATION_OF.set(order);

        setup.send(Topics.PAYMENTS.name(), order, EventFixture.paymentSucceeded(order, "evt_" + order));

        await().atMost(WAIT).until(() -> setup.committedActivations(Set.of(order)).size() == 1);
        awaitDrained();
        List<ActivationEvent> everything = setup.allActivationsIncludingAborted(Set.of(order));
        assertThat(everything).as("the aborted attempt was written, then the retry").hasSize(2);
        assertThat(everything).extracting(ActivationEvent::getEventId).containsOnly(everything.get(0).getEventId());
        assertThat(setup.committedActivations(Set.of(order))).hasSize(1);
        assertThat(sandbox.simulator().profilesIssued(order)).isEqualTo(1);
    }

    /**
     * Another producer with the worker's transactional id fences the poll's transaction before it commits (a zombie
     * instance, a transaction the coordinator gave up on): the poll's inputs are processed again by this worker, not
     * skipped, so the order's activation is published — once — and the inputs after it are handled too.
     */
    @Test
    void aPollWhoseTransactionIsFencedIsProcessedAgainAndItsActivationPublishedOnce() {
        String order = WorkerSetup.newOrderId();
        String next = WorkerSetup.newOrderId();
        setup.send(Topics.ORDERS.name(), order, EventFixture.orderPlaced(order));
        setup.send(Topics.ORDERS.name(), next, EventFixture.orderPlaced(next));
        awaitDrained();
        FENCE_ACTIVATION_OF.set(order);

        setup.send(Topics.PAYMENTS.name(), order, EventFixture.paymentSucceeded(order, "evt_" + order));
        await().atMost(WAIT).until(() -> FENCE_ACTIVATION_OF.get() == null);
        setup.send(Topics.PAYMENTS.name(), next, EventFixture.paymentSucceeded(next, "evt_" + next));

        await().atMost(WAIT).until(() -> setup.committedActivations(Set.of(order, next)).size() >= 2);
        awaitDrained();
        assertThat(setup.committedActivations(Set.of(order, next))).extracting(ActivationEvent::getOrderId)
                .containsExactlyInAnyOrder(order, next);
        assertThat(setup.allActivationsIncludingAborted(Set.of(order))).as("the fenced attempt, then the retry")
                .hasSize(2);
        assertThat(sandbox.simulator().profilesIssued(order)).isEqualTo(1);
        assertThat(sandbox.simulator().profilesIssued(next)).isEqualTo(1);
        assertThat(worker.bean(MeterRegistry.class).get("esim.worker.fenced").counter().count()).isEqualTo(1.0);
    }

    @Test
    void asyncActivationIsCompletedByTheProviderEventOnceAndReEncryptedForTheActivationEvent() {
        String order = WorkerSetup.newOrderId();
        sandbox.simulator().setActivationMode(ActivationMode.ASYNC);
        try {
            setup.send(Topics.ORDERS.name(), order, EventFixture.orderPlaced(order));
            setup.send(Topics.PAYMENTS.name(), order, EventFixture.paymentSucceeded(order, "evt_" + order));
            await().atMost(WAIT).until(() -> "PENDING".equals(claimState(order)));
        } finally {
            sandbox.simulator().setActivationMode(ActivationMode.SYNC);
        }
        var client = Simology.provider(new SimologyConfig(sandbox.baseUrl(), "sk_sandbox_simology_local"));
        ProviderOrder done = await().atMost(WAIT).until(() -> client.findOrderByReference(order).orElseThrow(),
                o -> o.status() == ProviderOrder.Status.COMPLETED);
        var line = done.line().orElseThrow();

        // payment-ingress publishes the provider's webhook; the provider sends it twice
        for (int i = 0; i < 2; i++) {
            setup.send(Topics.PROVIDER_EVENTS.name(), order, EventFixture.activationReady(order, "evt_prov_" + order,
                    done.providerOrderId(), line.iccid(), line.lpa()));
        }

        await().atMost(WAIT).until(() -> setup.committedActivations(Set.of(order)).size() == 1);
        awaitDrained();
        ActivationEvent event = setup.committedActivations(Set.of(order)).get(0);
        String providerEventId = EventIds.derive("simology", "evt_prov_" + order);
        assertThat(event.getCausationId()).isEqualTo(providerEventId);
        assertThat(event.getEventId()).isEqualTo(EventIds.derive(providerEventId, "ActivationReady"));
        assertThat(ACTIVATION.decrypt(((ActivationReady) event.getPayload()).getLpa(), event.getEventId()))
                .isEqualTo(line.lpa());
        assertThat(sandbox.simulator().profilesIssued(order)).isEqualTo(1);
    }

    @Test
    void topUpIsAppliedOnceAndRefundCancelsTheUnusedLine() {
        String order = WorkerSetup.newOrderId();
        setup.send(Topics.ORDERS.name(), order, EventFixture.orderPlaced(order));
        setup.send(Topics.PAYMENTS.name(), order, EventFixture.paymentSucceeded(order, "evt_" + order));
        await().atMost(WAIT).until(() -> setup.committedActivations(Set.of(order)).size() == 1);
        String iccid = ((ActivationReady) setup.committedActivations(Set.of(order)).get(0).getPayload()).getIccid();

        String topUp = WorkerSetup.newOrderId();
        setup.send(Topics.ORDERS.name(), topUp, EventFixture.topUpPlaced(topUp, iccid));
        setup.send(Topics.PAYMENTS.name(), topUp, EventFixture.paymentSucceeded(topUp, "evt_" + topUp));
        setup.send(Topics.PAYMENTS.name(), topUp, EventFixture.paymentSucceeded(topUp, "evt_" + topUp));
        // the refund comes once the top-up is applied: the two orders' keys may land on different partitions, which
        // one poll may read in either order (a top-up handled after the line's cancellation is not applied)
        await().atMost(WAIT).until(() -> setup.committedActivations(Set.of(topUp)).size() == 1);
        setup.send(Topics.PAYMENTS.name(), order, EventFixture.refundSucceeded(order, "evt_refund_" + order));

        await().atMost(WAIT).until(() -> setup.committedActivations(Set.of(order, topUp)).size() == 3);
        awaitDrained();
        List<ActivationEvent> events = setup.committedActivations(Set.of(order, topUp));
        assertThat(events).extracting(e -> e.getPayload().getClass().getSimpleName())
                .containsExactlyInAnyOrder("ActivationReady", "TopUpApplied", "LineCancelled");
        TopUpApplied applied = events.stream().map(ActivationEvent::getPayload).filter(TopUpApplied.class::isInstance)
                .map(TopUpApplied.class::cast).findFirst().orElseThrow();
        assertThat(applied.getIccid()).isEqualTo(iccid);
        LineCancelled cancelled = events.stream().map(ActivationEvent::getPayload)
                .filter(LineCancelled.class::isInstance).map(LineCancelled.class::cast).findFirst().orElseThrow();
        assertThat(cancelled.getProviderRefunded()).isTrue();
        assertThat(claimState(order)).isEqualTo("CANCELLED");
    }

    @Test
    void aLostChargebackCancelsTheUnusedLineOnceAndAWonOneChangesNothing() {
        String lost = WorkerSetup.newOrderId();
        String won = WorkerSetup.newOrderId();
        for (String order : List.of(lost, won)) {
            setup.send(Topics.ORDERS.name(), order, EventFixture.orderPlaced(order));
            setup.send(Topics.PAYMENTS.name(), order, EventFixture.paymentSucceeded(order, "evt_" + order));
        }
        await().atMost(WAIT).until(() -> setup.committedActivations(Set.of(lost, won)).size() == 2);

        for (String order : List.of(lost, won)) {
            setup.send(Topics.PAYMENTS.name(), order,
                    EventFixture.disputed(order, "evt_dp_open_" + order, DisputeOutcome.OPENED));
        }
        setup.send(Topics.PAYMENTS.name(), won, EventFixture.disputed(won, "evt_dp_won_" + won, DisputeOutcome.WON));
        for (int i = 0; i < 2; i++) { // the closing event, delivered twice
            setup.send(Topics.PAYMENTS.name(), lost,
                    EventFixture.disputed(lost, "evt_dp_lost_" + lost, DisputeOutcome.LOST));
        }

        await().atMost(WAIT).until(() -> setup.committedActivations(Set.of(lost)).size() == 2);
        awaitDrained();
        List<ActivationEvent> events = setup.committedActivations(Set.of(lost));
        assertThat(events).extracting(e -> e.getPayload().getClass().getSimpleName())
                .containsExactly("ActivationReady", "LineCancelled");
        assertThat(events.get(1).getEventId()).isEqualTo(
                EventIds.derive(EventIds.derive("stripe", "evt_dp_lost_" + lost), "LineCancelled"));
        assertThat(claimState(lost)).isEqualTo("CANCELLED");
        assertThat(setup.committedActivations(Set.of(won))).extracting(e -> e.getPayload().getClass().getSimpleName())
                .containsExactly("ActivationReady");
        assertThat(claimState(won)).isEqualTo("ACTIVE");
    }

    /**
     * Support cancels one line of a two-line order: that line is cancelled at the provider and announced once, however
     * often the request is delivered; the other line stays; an ICCID that is not one of the order's publishes nothing.
     */
    @Test
    void aLineCancellationRequestCancelsThatLineOnceAndLeavesTheOtherLine() {
        String order = WorkerSetup.newOrderId();
        setup.send(Topics.ORDERS.name(), order, EventFixture.orderPlaced(order, 2));
        setup.send(Topics.PAYMENTS.name(), order,
                EventFixture.paymentSucceeded(order, "evt_" + order, 2 * 1190, "USD", "cs_" + order));
        await().atMost(WAIT).until(() -> setup.committedActivations(Set.of(order)).size() == 2);
        List<String> iccids = setup.committedActivations(Set.of(order)).stream()
                .map(e -> ((ActivationReady) e.getPayload()).getIccid()).toList();
        String cancelled = iccids.get(1);
        String kept = iccids.get(0);
        OrderEvent request = EventFixture.lineCancellationRequested(order, cancelled);

        setup.send(Topics.ORDERS.name(), order, request);
        await().atMost(WAIT).until(() -> setup.committedActivations(Set.of(order)).size() == 3);
        setup.send(Topics.ORDERS.name(), order, request); // the same event, delivered again
        setup.send(Topics.ORDERS.name(), order, EventFixture.lineCancellationRequested(order, "8988000000000000000"));
        awaitDrained();

        List<ActivationEvent> events = setup.committedActivations(Set.of(order));
        assertThat(events).hasSize(3);
        assertThat(events).filteredOn(e -> e.getPayload() instanceof LineCancelled).singleElement().satisfies(e -> {
            assertThat(e.getCausationId()).isEqualTo(request.getEventId());
            LineCancelled line = (LineCancelled) e.getPayload();
            assertThat(line.getIccid()).isEqualTo(cancelled);
            assertThat(line.getProviderRefunded()).isTrue();
        });
        assertThat(lineState(cancelled)).isEqualTo("CANCELLED");
        assertThat(lineState(kept)).isEqualTo("ACTIVE");
        var client = Simology.provider(new SimologyConfig(sandbox.baseUrl(), "sk_sandbox_simology_local"));
        assertThat(client.lineUsage(cancelled).status()).isEqualTo(LineUsage.LineStatus.CANCELLED);
        assertThat(client.lineUsage(kept).status()).isEqualTo(LineUsage.LineStatus.READY);
    }

    @Test
    void anErasureRequestAndRetentionDeleteTheActivationCodesTheWorkerKeeps() {
        String erased = WorkerSetup.newOrderId();
        String old = WorkerSetup.newOrderId();
        String recent = WorkerSetup.newOrderId();
        for (String order : List.of(erased, old, recent)) {
            setup.send(Topics.ORDERS.name(), order, EventFixture.orderPlaced(order));
            setup.send(Topics.PAYMENTS.name(), order, EventFixture.paymentSucceeded(order, "evt_" + order));
        }
        await().atMost(WAIT).until(() -> setup.committedActivations(Set.of(erased, old, recent)).size() == 3);
        await().atMost(WAIT).until(() -> sealedCodes(List.of(erased, old, recent)) == 3);

        // when support erases one order's customer data, and another line's activation was published 31 days ago
        setup.send(Topics.ORDERS.name(), erased, EventFixture.erasureRequested(erased));
        setup.jdbc().sql("update claims set outcome_at = now() - interval '31 days' where order_id = ?")
                .param(old).update();

        // then both codes are gone, the recent one stays, and every claim row (the dedupe state) is still there
        await().atMost(WAIT).until(() -> sealedCodes(List.of(erased)) == 0 && sealedCodes(List.of(old)) == 0);
        assertThat(sealedCodes(List.of(recent))).isEqualTo(1);
        assertThat(List.of(claimState(erased), claimState(old), claimState(recent))).containsOnly("ACTIVE");
        // and a replay of the erased order's payment publishes nothing (no activation code to send again)
        setup.send(Topics.PAYMENTS.name(), erased, EventFixture.paymentSucceeded(erased, "evt_" + erased));
        awaitDrained();
        assertThat(setup.committedActivations(Set.of(erased))).hasSize(1);
    }

    private static long sealedCodes(List<String> orders) {
        return setup.jdbc().sql("select count(*) from claims where lpa_sealed is not null and order_id in (:ids)")
                .param("ids", orders).query(Long.class).single();
    }

    @Test
    void aPaymentThatDoesNotMatchItsOrderNeverProvisionsAndIsAnsweredWithPaymentMismatch() {
        String order = WorkerSetup.newOrderId();
        setup.send(Topics.ORDERS.name(), order, EventFixture.orderPlaced(order));

        // a 1.00 USD payment link carrying the order's id, twice (redelivered), then a payment in another session
        for (int i = 0; i < 2; i++) {
            setup.send(Topics.PAYMENTS.name(), order,
                    EventFixture.paymentSucceeded(order, "evt_link_" + order, 100, "USD", "cs_link_" + order));
        }
        setup.send(Topics.PAYMENTS.name(), order,
                EventFixture.paymentSucceeded(order, "evt_foreign_" + order, 1190, "USD", "cs_someone_else"));

        await().atMost(WAIT).until(() -> setup.committedActivations(Set.of(order)).size() >= 2);
        awaitDrained();
        // one answer per payment: the redelivered link payment publishes nothing more
        List<ActivationEvent> events = setup.committedActivations(Set.of(order));
        assertThat(events).extracting(e -> ((ProvisioningFailed) e.getPayload()).getReasonCode())
                .containsOnly("payment_mismatch");
        assertThat(events).extracting(ActivationEvent::getEventId).containsExactlyInAnyOrder(
                EventIds.derive(EventIds.derive("stripe", "evt_link_" + order), "ProvisioningFailed"),
                EventIds.derive(EventIds.derive("stripe", "evt_foreign_" + order), "ProvisioningFailed"));
        assertThat(sandbox.simulator().profilesIssued(order)).isZero();
        assertThat(claimState(order)).isNull();

        // the traveller's own payment still provisions the order
        setup.send(Topics.PAYMENTS.name(), order, EventFixture.paymentSucceeded(order, "evt_real_" + order));
        await().atMost(WAIT).until(() -> setup.committedActivations(Set.of(order)).stream()
                .anyMatch(e -> e.getPayload() instanceof ActivationReady));
        assertThat(sandbox.simulator().profilesIssued(order)).isEqualTo(1);
    }

    @Test
    void unreadableAndUnprocessableInputsGoToTheDeadLetterTopicWithTheReason() {
        String garbage = WorkerSetup.newOrderId();
        String liar = WorkerSetup.newOrderId();
        String stranger = WorkerSetup.newOrderId();
        byte[] hugeString = HostileRecords.hugeStringAnnounced(
                setup.schemaId(Topics.PAYMENTS.name(), EventFixture.paymentSucceeded(liar, "evt_" + liar)));

        setup.sendRaw(Topics.PAYMENTS.name(), garbage, "not avro at all".getBytes(StandardCharsets.UTF_8));
        setup.sendRaw(Topics.PAYMENTS.name(), liar, hugeString);
        setup.send(Topics.PROVIDER_EVENTS.name(), stranger,
                EventFixture.activationReady(stranger, "evt_" + stranger, "po_1", "8988000", "LPA:1$x$y"));

        List<ConsumerRecord<String, byte[]>> badPayment = await().atMost(WAIT)
                .until(() -> setup.deadLetters(Topics.PAYMENTS.name(), garbage), l -> !l.isEmpty());
        assertThat(new String(badPayment.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("not avro at all");
        List<ConsumerRecord<String, byte[]>> lying = await().atMost(WAIT)
                .until(() -> setup.deadLetters(Topics.PAYMENTS.name(), liar), l -> !l.isEmpty());
        assertThat(lying.get(0).value()).isEqualTo(hugeString);
        assertThat(reason(lying.get(0))).contains("announces 500000000 bytes in a record of 9 bytes");
        List<ConsumerRecord<String, byte[]>> unknown = await().atMost(WAIT)
                .until(() -> setup.deadLetters(Topics.PROVIDER_EVENTS.name(), stranger), l -> !l.isEmpty());
        assertThat(reason(unknown.get(0))).contains("never claimed");

        // and the worker is still healthy: the next order goes through
        String next = WorkerSetup.newOrderId();
        setup.send(Topics.ORDERS.name(), next, EventFixture.orderPlaced(next));
        setup.send(Topics.PAYMENTS.name(), next, EventFixture.paymentSucceeded(next, "evt_" + next));
        await().atMost(WAIT).until(() -> setup.committedActivations(Set.of(next)).size() == 1);
    }

    @Test
    void metricsShowOutcomesLatencyCircuitStateAndStuckClaims() {
        String order = WorkerSetup.newOrderId();
        setup.send(Topics.ORDERS.name(), order, EventFixture.orderPlaced(order));
        setup.send(Topics.PAYMENTS.name(), order, EventFixture.paymentSucceeded(order, "evt_" + order));
        await().atMost(WAIT).until(() -> setup.committedActivations(Set.of(order)).size() == 1);
        // a claim the provider never answered, an hour ago
        setup.jdbc().sql("""
                insert into claims (reference, order_id, line_no, kind, state, provider, sku, plan_name, coverage,
                                    data_allowance_mb, validity_days, providers_tried, cause_event_id, created_at,
                                    updated_at)
                values ('ord_stuck', 'ord_stuck', 0, 'LINE', 'REQUESTED', 'simology', 'US-5GB-30D', 'x', '{US}',
                        5120, 30, '{simology}', 'evt', now() - interval '1 hour', now() - interval '1 hour')""")
                .update();

        MeterRegistry meters = worker.bean(MeterRegistry.class);
        assertThat(meters.get("esim.provisioning.outcomes").tag("outcome", "active").counter().count())
                .isGreaterThanOrEqualTo(1);
        assertThat(meters.get("esim.provisioning.latency").tag("provider", "simology").timer().count())
                .isGreaterThanOrEqualTo(1);
        assertThat(meters.get("resilience4j.circuitbreaker.state").tag("name", "simology").tag("state", "closed")
                .gauge().value()).isEqualTo(1.0);
        assertThat(meters.get("esim.provisioning.claims.stuck").gauge().value()).isEqualTo(1.0);
        setup.jdbc().sql("delete from claims where reference = 'ord_stuck'").update();
    }

    @Test
    void aReplayedInputWhoseFirstHandlingCommittedIsSkippedWithoutRunningItsHandler() {
        String order = WorkerSetup.newOrderId();
        setup.send(Topics.ORDERS.name(), order, EventFixture.orderPlaced(order));
        setup.send(Topics.PAYMENTS.name(), order, EventFixture.paymentSucceeded(order, "evt_first_" + order));
        await().atMost(WAIT).until(() -> setup.committedActivations(Set.of(order)).size() == 1);
        awaitDrained();
        MeterRegistry meters = worker.bean(MeterRegistry.class);
        double skippedBefore = skipped(meters);
        // a trap: from now on, running the payment handler for this order fails in PostgreSQL
        setup.jdbc().sql("""
                create or replace function refuse_payments() returns trigger language plpgsql as $$
                begin
                    if new.order_id = '%s' then
                        raise exception 'injected fault: payment events of %% refused', new.order_id;
                    end if;
                    return new;
                end $$""".formatted(order)).update();
        setup.jdbc().sql("create trigger refuse_payments before insert on payment_events for each row "
                + "execute function refuse_payments()").update();
        try {
            // a replay, as esim-ops replay --mode republish makes it: the same events at new offsets
            setup.send(Topics.ORDERS.name(), order, EventFixture.orderPlaced(order));
            setup.send(Topics.PAYMENTS.name(), order, EventFixture.paymentSucceeded(order, "evt_first_" + order));
            awaitDrained();

            assertThat(skipped(meters) - skippedBefore).isEqualTo(2);
            assertThat(setup.deadLetters(Topics.PAYMENTS.name(), order)).isEmpty();
            assertThat(setup.committedActivations(Set.of(order))).hasSize(1);

            // a payment event never handled before does run its handler (and meets the trap)
            setup.send(Topics.PAYMENTS.name(), order, EventFixture.paymentSucceeded(order, "evt_other_" + order));
            await().atMost(WAIT).until(() -> setup.deadLetters(Topics.PAYMENTS.name(), order), l -> l.size() == 1);
        } finally {
            setup.jdbc().sql("drop trigger refuse_payments on payment_events").update();
        }
    }

    private static double skipped(MeterRegistry meters) {
        return meters.find("esim.provisioning.outcomes").tag("outcome", "input_skipped").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    /** A technical fault for one order only: PostgreSQL refuses to store its claims. */
    private static void refuseClaimsOf(String order) {
        setup.jdbc().sql("""
                create or replace function refuse_claims() returns trigger language plpgsql as $$
                begin
                    if new.order_id = '%s' then
                        raise exception 'injected fault: claims of %% refused', new.order_id;
                    end if;
                    return new;
                end $$""".formatted(order)).update();
        setup.jdbc().sql("create trigger refuse_claims before insert on claims for each row "
                + "execute function refuse_claims()").update();
    }

    private static String reason(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(DeadLetterHeaders.REASON);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String lineState(String iccid) {
        return setup.jdbc().sql("select state from claims where iccid = ?").param(iccid).query(String.class)
                .single();
    }

    private static String claimState(String order) {
        return setup.jdbc().sql("select state from claims where order_id = ?").param(order).query(String.class)
                .optional().orElse(null);
    }

    private static void awaitDrained() {
        setup.awaitDrained();
    }
}
