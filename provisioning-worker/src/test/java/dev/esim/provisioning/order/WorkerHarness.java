package dev.esim.provisioning.order;

import dev.esim.provider.ProviderRegistry;
import dev.esim.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Drives {@link ProvisioningService} the way the Kafka listener does, with an in-memory log standing in for topics,
 * offsets and transactions: a processed input's outcomes become visible and its offset committed together; an input
 * whose processing throws is "aborted" (nothing visible, offset not committed) and may be delivered again.
 */
final class WorkerHarness {

    static final String PAYMENTS = "esim.payments.v1";
    static final String ORDERS = "esim.orders.v1";
    static final String PROVIDER_EVENTS = "esim.provider-events.v1";
    static final String CHECKS = "esim.provisioning-checks.v1";
    static final ProvisioningPolicy POLICY = new ProvisioningPolicy(false, false, Duration.ofMinutes(1),
            Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofHours(6));

    final InMemoryProvisioningStore store = new InMemoryProvisioningStore();
    final List<Outcome> visible = new ArrayList<>();
    final AtomicReference<String> crashAt = new AtomicReference<>();
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-10T09:00:00Z"));
    private final Map<String, Long> nextOffset = new HashMap<>();
    private final Map<String, Long> committed = new HashMap<>();
    private final Map<RecordPosition, Inbound.ClaimCheckDue> failedChecks = new HashMap<>();
    final ProvisioningService service;

    WorkerHarness(boolean failover, ProviderCircuits circuits, FakeProvider... providers) {
        CrashPoint crash = step -> {
            if (step.equals(crashAt.get())) {
                crashAt.set(null);
                throw new SimulatedCrash(step);
            }
        };
        service = new ProvisioningService(ProviderRegistry.of(providers), store, new ReversingVault(),
                new ProvisioningPolicy(failover, false, POLICY.balanceCheckInterval(), POLICY.firstCheckAfter(),
                        POLICY.maxCheckInterval(), POLICY.providerDeadline()), circuits, ProvisioningMetrics.NONE,
                crash, clock);
    }

    WorkerHarness(FakeProvider... providers) {
        this(false, ProviderCircuits.NEVER_OPEN, providers);
    }

    /** Appends the input to its topic and processes it; returns where it sits so a test can deliver it again. */
    RecordPosition publish(String topic, Inbound event) {
        long offset = nextOffset.merge(topic, 1L, Long::sum) - 1;
        RecordPosition position = new RecordPosition(topic, 0, offset);
        deliver(position, event);
        return position;
    }

    /** Processes the input at {@code position}; commits on success, aborts and rethrows on failure. */
    List<Outcome> deliver(RecordPosition position, Inbound event) {
        List<Outcome> outcomes = service.handle(event, new Delivery(position, this::isCommitted));
        visible.addAll(outcomes);
        committed.merge(position.topic(), position.offset() + 1, Math::max);
        return outcomes;
    }

    /** Like {@link #publish} but the processing is expected to fail (the transaction aborts). */
    RecordPosition publishFailing(String topic, Inbound event) {
        long offset = nextOffset.merge(topic, 1L, Long::sum) - 1;
        RecordPosition position = new RecordPosition(topic, 0, offset);
        try {
            deliver(position, event);
        } catch (RuntimeException expected) {
            return position;
        }
        throw new AssertionError("expected processing of " + event + " to fail");
    }

    /**
     * Moves time on by {@code by} and runs the worker's checks the way the sweep and the listener do: every claim due
     * by then is leased and its check delivered as an input. Returns how many checks ran.
     */
    int advanceAndCheck(Duration by) {
        clock.advance(by);
        List<ProvisioningStore.DueCheck> due = store.leaseDueChecks(clock.instant(), Duration.ofMinutes(5), 500);
        for (ProvisioningStore.DueCheck check : due) {
            publish(CHECKS, new Inbound.ClaimCheckDue("chk-" + nextOffset.getOrDefault(CHECKS, 0L), check.orderId(),
                    check.reference()));
        }
        return due.size();
    }

    /**
     * Like {@link #advanceAndCheck} for one due claim whose check is expected to fail (the transaction aborts); returns
     * where the check sits, so that {@link #checkAt} and {@link #deliver} can hand it over again.
     */
    RecordPosition checkFailing(Duration by) {
        clock.advance(by);
        List<ProvisioningStore.DueCheck> due = store.leaseDueChecks(clock.instant(), Duration.ofMinutes(5), 500);
        if (due.size() != 1) {
            throw new AssertionError("expected one due check, found " + due.size());
        }
        ProvisioningStore.DueCheck check = due.get(0);
        Inbound.ClaimCheckDue event = new Inbound.ClaimCheckDue("chk-" + nextOffset.getOrDefault(CHECKS, 0L),
                check.orderId(), check.reference());
        RecordPosition position = publishFailing(CHECKS, event);
        failedChecks.put(position, event);
        return position;
    }

    /** The check that was at {@code position}, as {@link #checkFailing} published it. */
    Inbound.ClaimCheckDue checkAt(RecordPosition position) {
        return failedChecks.get(position);
    }

    void crashAt(String step) {
        crashAt.set(step);
    }

    private boolean isCommitted(RecordPosition p) {
        return committed.getOrDefault(p.topic(), 0L) > p.offset();
    }

    List<Outcome> visible(Class<? extends Outcome.Body> type) {
        return visible.stream().filter(o -> type.isInstance(o.body())).toList();
    }

    static final class SimulatedCrash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(String step) {
            super("simulated crash at " + step);
        }
    }

    /** Not encryption, but not plaintext either: proves the service seals and opens through the vault. */
    static final class ReversingVault implements CredentialVault {
        @Override
        public byte[] seal(String plaintext, String context) {
            return (context + "|" + new StringBuilder(plaintext).reverse()).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String open(byte[] sealed, String context) {
            String s = new String(sealed, StandardCharsets.UTF_8);
            if (!s.startsWith(context + "|")) {
                throw new IllegalStateException("sealed for another claim");
            }
            return new StringBuilder(s.substring(context.length() + 1)).reverse().toString();
        }
    }
}
