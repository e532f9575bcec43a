package dev.esim.provisioning.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.esim.events.avro.ActivationEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One worker instance with several listener threads ({@code esim.worker.concurrency}): each thread is a consumer of
 * its own, with its own transactional producer, and the range assignor gives each the same partition numbers of every
 * input topic, so all of an order's events reach one thread. Orders spread over every partition still get one profile
 * and one activation each.
 */
class ConcurrentListenersIT {

    private static final int THREADS = 3;

    private static WorkerSetup setup;
    private static ProviderSandbox sandbox;
    private static RunningWorker worker;

    @BeforeAll
    static void start() {
        setup = new WorkerSetup("concurrent_listeners");
        sandbox = ProviderSandbox.start();
        Map<String, Object> properties = setup.workerProperties(Map.of("simology", sandbox.baseUrl()));
        properties.put("esim.worker.concurrency", THREADS);
        worker = RunningWorker.start(properties, null);
    }

    @AfterAll
    static void stop() {
        worker.close();
        sandbox.close();
        setup.close();
    }

    @Test
    void eachThreadOwnsTheSamePartitionsOfEveryInputAndEveryOrderIsProvisionedOnce() {
        // the first thread to join holds every partition until the others have joined too
        await().atMost(Duration.ofSeconds(60)).until(() -> worker.container().getAssignmentsByClientId().values()
                .stream().filter(owned -> !owned.isEmpty()).count() == THREADS);
        Map<String, Collection<TopicPartition>> byThread = worker.container().getAssignmentsByClientId();
        assertThat(byThread).hasSize(THREADS);
        for (Collection<TopicPartition> owned : byThread.values()) {
            Map<String, Set<Integer>> partitionsByTopic = owned.stream().collect(Collectors.groupingBy(
                    TopicPartition::topic, Collectors.mapping(TopicPartition::partition, Collectors.toSet())));
            assertThat(partitionsByTopic).as("topics of one thread").hasSize(4);
            assertThat(Set.copyOf(partitionsByTopic.values())).as("one set of partition numbers for every topic")
                    .hasSize(1);
        }

        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            orders.add(WorkerSetup.newOrderId());
        }
        List<Runnable> inputs = new ArrayList<>();
        for (String order : orders) {
            inputs.addAll(setup.paidOrderInputs(order));
        }
        Collections.shuffle(inputs, new Random(11));

        inputs.forEach(Runnable::run);

        await().atMost(Duration.ofSeconds(60))
                .until(() -> setup.committedActivations(Set.copyOf(orders)).size() >= orders.size());
        setup.awaitDrained();
        List<ActivationEvent> activations = setup.committedActivations(Set.copyOf(orders));
        assertThat(activations.stream().collect(Collectors.groupingBy(ActivationEvent::getOrderId,
                Collectors.counting()))).as("activations per order")
                .isEqualTo(orders.stream().collect(Collectors.toMap(Function.identity(), order -> 1L)));
        for (String order : orders) {
            assertThat(sandbox.simulator().profilesIssued(order)).as("profiles for %s", order).isEqualTo(1);
        }
    }
}
