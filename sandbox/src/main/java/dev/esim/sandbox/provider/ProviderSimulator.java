package dev.esim.sandbox.provider;

import dev.esim.sandbox.state.Journal;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * One stateful eSIM provider behind {@code /provider/<name>}, and the handle tests use to steer it:
 * fetch it with {@code ctx.getBean(ProviderSimulator.class)} (the primary; the provider the platform fails over to is
 * the bean {@code failoverProviderSimulator}) to inject faults, move its clock, install lines and read
 * the counters. One lock guards all state — throughput is irrelevant for a simulator, atomicity of "check the
 * idempotency key, charge the balance, issue the profile" is not. State lives in memory; with a state directory each
 * change is also written to the simulator's journal ({@link ProviderJournal}) before the API answers, and read back
 * when the sandbox starts again.
 *
 * <p>It wires the parts and answers for them: {@link ProviderGate} (key, rate limit, injected faults, traffic),
 * {@link ProviderState} (what is remembered; its monitor is the lock), {@link Catalogue}, {@link OrderIssuance},
 * {@link LineOperations}, {@link Callbacks} with {@link WebhookDispatcher}, and {@link IdempotentCalls}.
 */
public class ProviderSimulator implements AutoCloseable {

    private final ProviderProperties properties;
    private final ScheduledExecutorService scheduler;
    private final ProviderGate gate;
    private final ProviderState state;
    private final Catalogue catalogue = new Catalogue();
    private final Iccids iccids;
    private final WebhookDispatcher webhooks;
    private final Callbacks callbacks;
    private final OrderIssuance orders;
    private final LineOperations lines;

    ProviderSimulator(ProviderProperties properties, ObjectMapper json) {
        this(properties, json, Journal.disabled());
    }

    /** A simulator that keeps its state in {@code journal} too, starting from what the journal holds. */
    ProviderSimulator(ProviderProperties properties, ObjectMapper json, Journal journal) {
        this.properties = properties;
        this.state = new ProviderState(properties, new ProviderJournal(journal));
        LineLifecycle life = new LineLifecycle(properties);
        this.iccids = new Iccids(properties.iccidPrefix());
        this.gate = new ProviderGate(properties);
        this.scheduler = scheduler();
        this.webhooks = new WebhookDispatcher(properties, scheduler, gate::faults);
        this.callbacks = new Callbacks(state, json, webhooks, life);
        IdempotentCalls idempotent = new IdempotentCalls(state);
        this.orders = new OrderIssuance(properties, state, catalogue, life, iccids, gate, idempotent, callbacks,
                scheduler);
        this.lines = new LineOperations(properties, state, catalogue, life, idempotent, orders, callbacks);
        resetState();
        restore();
        // usage and expiry advance with time; a periodic look is how threshold webhooks fire without a request
        scheduler.scheduleWithFixedDelay(callbacks::scanLines, 5, 5, TimeUnit.SECONDS);
    }

    /** Async activations, webhook retries and usage scans; two threads are plenty for a simulator. */
    private static ScheduledExecutorService scheduler() {
        AtomicInteger threads = new AtomicInteger();
        return Executors.newScheduledThreadPool(2, task -> {
            Thread thread = new Thread(task, "provider-sim-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    // ---------------------------------------------------------------- the handle for tests and the admin API

    /** The provider's name, as the platform configures it ({@code simology} for the primary). */
    public String name() {
        return properties.name();
    }

    /** Replaces the faults in force (see {@link ProviderFaults}); a burst starts counting afresh. */
    public void setFaults(ProviderFaults newFaults) {
        gate.setFaults(newFaults);
    }

    public ProviderFaults faults() {
        return gate.faults();
    }

    public void clearFaults() {
        setFaults(ProviderFaults.none());
    }

    /**
     * Forgets orders, lines, idempotency keys, faults and counters (persisted ones included); restores balance,
     * activation mode and clock.
     */
    public void reset() {
        synchronized (state) {
            resetState();
            state.journal().clear();
        }
        webhooks.reset();
    }

    public ProviderStats stats() {
        synchronized (state) {
            ProviderGate.Traffic traffic = gate.traffic();
            return new ProviderStats(state.profilesIssued(), traffic.requests(), traffic.maxRequestsPerSecond(),
                    state.cancellations(), state.topups(), traffic.rateLimited(), traffic.injectedServerErrors(),
                    traffic.injectedTimeouts(), webhooks.attempts(), webhooks.delivered(), webhooks.givenUp(),
                    webhooks.dropped());
        }
    }

    /** eSIM profiles issued for our reference (order id): the number behind "exactly one eSIM per paid order". */
    public int profilesIssued(String reference) {
        synchronized (state) {
            return state.profilesIssued(reference);
        }
    }

    public void setActivationMode(ActivationMode mode) {
        synchronized (state) {
            state.setActivationMode(mode);
        }
    }

    public void setActivationMode(String sku, ActivationMode mode) {
        synchronized (state) {
            state.setActivationMode(sku, mode);
        }
    }

    public BigDecimal balance() {
        synchronized (state) {
            return state.balance();
        }
    }

    public void setBalance(BigDecimal amount) {
        synchronized (state) {
            state.setBalance(amount);
        }
    }

    /** Points webhooks elsewhere until the next reset (a test's receiver usually starts after the sandbox). */
    public void setCallbackUrl(URI url) {
        webhooks.callbackUrl(url);
    }

    /** Marks the line's profile as installed on a device: it becomes {@code active} and can no longer be cancelled. */
    public void installLine(String iccid) {
        lines.install(iccid);
    }

    /** Adds data usage to a line, as if the traveller had used it. */
    public void addUsage(String iccid, long megabytes) {
        lines.addUsage(iccid, megabytes);
    }

    /** Moves the simulator's clock forward: usage grows, lines expire, as if that much time had passed. */
    public void advanceClock(Duration duration) {
        synchronized (state) {
            state.advanceClock(duration);
        }
        callbacks.scanLines();
    }

    public Instant now() {
        synchronized (state) {
            return state.now();
        }
    }

    /** Stops pending activations and webhook deliveries (the context calls this on shutdown). */
    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    // ---------------------------------------------------------------- the API, called by ProviderApiRoutes

    /** The bearer key, the rate limit and the injected faults, before the body is read. */
    ProviderGate.Admission admit(String endpoint, String authorization) {
        return gate.admit(endpoint, authorization);
    }

    ApiResult catalog(String country, String region) {
        synchronized (state) {
            return ApiResult.ok(200, catalogue.listing(country, region, gate.faults().outOfStockSkus()));
        }
    }

    ApiResult createOrder(String idempotencyKey, JsonNode request) {
        return orders.create(idempotencyKey, request);
    }

    ApiResult order(String orderId) {
        return orders.order(orderId);
    }

    ApiResult ordersByReference(String reference) {
        return orders.ordersByReference(reference);
    }

    ApiResult line(String iccid) {
        return lines.line(iccid);
    }

    ApiResult cancelLine(String idempotencyKey, String iccid, JsonNode request) {
        return lines.cancel(idempotencyKey, iccid, request);
    }

    ApiResult topUp(String idempotencyKey, JsonNode request) {
        return lines.topUp(idempotencyKey, request);
    }

    ApiResult balanceJson() {
        synchronized (state) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("amount", state.balance());
            body.put("currency", "USD");
            body.put("low_balance_threshold", properties.lowBalanceThreshold());
            return ApiResult.ok(200, body);
        }
    }

    // ---------------------------------------------------------------- internals

    private void resetState() {
        gate.reset();
        state.reset();
    }

    /** Takes over what the journal holds; async activations it left pending run again after the usual delay. */
    private void restore() {
        ProviderJournal.Restored restored = state.journal().restore(catalogue);
        state.restore(restored);
        restored.lines().values().forEach(line -> iccids.continueAfter(line.iccid));
        orders.resume(restored.orders().values());
    }
}
