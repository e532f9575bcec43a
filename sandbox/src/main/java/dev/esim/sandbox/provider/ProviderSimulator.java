package dev.esim.sandbox.provider;

import dev.esim.sandbox.state.Journal;
import java.math.BigDecimal;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
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
 */
public class ProviderSimulator implements AutoCloseable {

    private static final Duration EXPIRING_NOTICE = Duration.ofHours(24);
    private static final int[] USAGE_THRESHOLDS = {80, 100};
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_INSTANT;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHANUMERIC = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789abcdefghijkmnopqrstuvwxyz";

    private final ProviderProperties properties;
    private final ObjectMapper json;
    private final ProviderJournal journal;
    private final ScheduledExecutorService scheduler;
    private final WebhookDispatcher webhooks;
    private final LineLifecycle life;
    private final Catalogue catalogue = new Catalogue();
    private final Iccids iccids;
    private final Instant catalogueUpdatedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private final ProviderGate gate;

    // everything below is guarded by `this`
    private ActivationMode activationMode;
    private final Map<String, ActivationMode> activationModeBySku = new HashMap<>();
    private Duration clockOffset = Duration.ZERO;
    private BigDecimal balance;
    private final Map<String, SimulatedOrder> orders = new LinkedHashMap<>();
    private final Map<String, SimulatedLine> lines = new LinkedHashMap<>();
    private final Map<String, StoredCall> idempotency = new HashMap<>();
    private final Map<String, Integer> profilesIssued = new TreeMap<>();
    private long cancellations;
    private long topups;

    ProviderSimulator(ProviderProperties properties, ObjectMapper json) {
        this(properties, json, Journal.disabled());
    }

    /** A simulator that keeps its state in {@code journal} too, starting from what the journal holds. */
    ProviderSimulator(ProviderProperties properties, ObjectMapper json, Journal journal) {
        this.properties = properties;
        this.json = json;
        this.journal = new ProviderJournal(journal);
        this.life = new LineLifecycle(properties);
        this.iccids = new Iccids(properties.iccidPrefix());
        this.gate = new ProviderGate(properties);
        // async activations, webhook retries and usage scans; two threads are plenty for a simulator
        AtomicInteger threads = new AtomicInteger();
        this.scheduler = Executors.newScheduledThreadPool(2, task -> {
            Thread thread = new Thread(task, "provider-sim-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.webhooks = new WebhookDispatcher(properties, scheduler, gate::faults);
        resetState();
        restore();
        // usage and expiry advance with time; a periodic look is how threshold webhooks fire without a request
        scheduler.scheduleWithFixedDelay(this::scanLines, 5, 5, TimeUnit.SECONDS);
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
        synchronized (this) {
            resetState();
            journal.clear();
        }
        webhooks.reset();
    }

    public synchronized ProviderStats stats() {
        ProviderGate.Traffic traffic = gate.traffic();
        return new ProviderStats(Map.copyOf(profilesIssued), traffic.requests(), traffic.maxRequestsPerSecond(),
                cancellations, topups, traffic.rateLimited(), traffic.injectedServerErrors(),
                traffic.injectedTimeouts(), webhooks.attempts(), webhooks.delivered(), webhooks.givenUp(),
                webhooks.dropped());
    }

    /** eSIM profiles issued for our reference (order id): the number behind "exactly one eSIM per paid order". */
    public synchronized int profilesIssued(String reference) {
        return profilesIssued.getOrDefault(reference, 0);
    }

    public synchronized void setActivationMode(ActivationMode mode) {
        activationMode = Objects.requireNonNull(mode);
        activationModeBySku.clear();
    }

    public synchronized void setActivationMode(String sku, ActivationMode mode) {
        activationModeBySku.put(sku.toUpperCase(Locale.ROOT), Objects.requireNonNull(mode));
    }

    public synchronized BigDecimal balance() {
        return balance;
    }

    public synchronized void setBalance(BigDecimal amount) {
        balance = amount.setScale(2, java.math.RoundingMode.HALF_UP);
        saveAccount();
    }

    /** Points webhooks elsewhere until the next reset (a test's receiver usually starts after the sandbox). */
    public void setCallbackUrl(URI url) {
        webhooks.callbackUrl(url);
    }

    /** Marks the line's profile as installed on a device: it becomes {@code active} and can no longer be cancelled. */
    public void installLine(String iccid) {
        synchronized (this) {
            SimulatedLine line = requireLine(iccid);
            if (line.installedAt == null) {
                line.installedAt = now();
                journal.line(line);
            }
        }
        scanLines();
    }

    /** Adds data usage to a line, as if the traveller had used it. */
    public void addUsage(String iccid, long megabytes) {
        synchronized (this) {
            SimulatedLine line = requireLine(iccid);
            line.extraUsageMb += megabytes;
            journal.line(line);
        }
        scanLines();
    }

    /** Moves the simulator's clock forward: usage grows, lines expire, as if that much time had passed. */
    public void advanceClock(Duration duration) {
        synchronized (this) {
            clockOffset = clockOffset.plus(duration);
        }
        scanLines();
    }

    public synchronized Instant now() {
        return Instant.now().plus(clockOffset);
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

    synchronized ApiResult catalog(String country, String region) {
        List<Map<String, Object>> items = catalogue.search(country, region).stream()
                .map(plan -> plan.toJson(!gate.faults().outOfStockSkus().contains(plan.sku())))
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("updated_at", ISO.format(catalogueUpdatedAt));
        return ApiResult.ok(200, body);
    }

    synchronized ApiResult createOrder(String idempotencyKey, JsonNode request) {
        return idempotent("POST /v1/orders", idempotencyKey, request, () -> {
            String reference = text(request, "reference");
            String sku = text(request, "sku");
            JsonNode quantity = request.get("quantity");
            if (reference == null || reference.isBlank()) {
                return ApiResult.validation("reference is required");
            }
            if (sku == null || catalogue.find(sku).isEmpty()) {
                return ApiResult.validation("sku is missing or unknown: " + sku);
            }
            if (quantity != null && !(quantity.isIntegralNumber() && quantity.asInt() == 1)) {
                return ApiResult.validation("quantity must be 1: one order issues one eSIM");
            }
            Plan plan = catalogue.find(sku).orElseThrow();
            ApiResult refusal = refuseSale(plan);
            if (refusal != null) {
                return refusal;
            }
            SimulatedOrder order = new SimulatedOrder("ord_" + randomId(20), reference, plan, now(),
                    plan.costInUsd(properties.eurToUsd()));
            balance = balance.subtract(order.chargedUsd);
            orders.put(order.id, order);
            if (modeFor(sku) == ActivationMode.ASYNC) {
                order.status = "processing";
                scheduleActivation(order.id, properties.asyncActivationDelay());
                saveOrder(order);
                return ApiResult.ok(202, life.orderJson(order));
            }
            issueLine(order);
            order.status = "completed";
            saveOrder(order);
            return ApiResult.ok(201, life.orderJson(order));
        });
    }

    synchronized ApiResult order(String orderId) {
        SimulatedOrder order = orders.get(orderId);
        return order == null ? ApiResult.notFound("no order " + orderId) : ApiResult.ok(200, life.orderJson(order));
    }

    synchronized ApiResult ordersByReference(String reference) {
        List<Map<String, Object>> items = orders.values().stream()
                .filter(o -> o.reference.equals(reference))
                .map(life::orderJson)
                .toList();
        return ApiResult.ok(200, Map.of("items", items));
    }

    synchronized ApiResult line(String iccid) {
        SimulatedLine line = lines.get(iccid);
        return line == null ? ApiResult.notFound("no line " + iccid) : ApiResult.ok(200, life.statusJson(line, now()));
    }

    synchronized ApiResult cancelLine(String idempotencyKey, String iccid, JsonNode request) {
        return idempotent("POST /v1/lines/" + iccid + "/cancel", idempotencyKey, request, () -> {
            SimulatedLine line = lines.get(iccid);
            if (line == null) {
                return ApiResult.notFound("no line " + iccid);
            }
            Instant now = now();
            if (line.cancelledAt == null && life.installedAt(line, now) != null) {
                return ApiResult.conflict("the eSIM profile is installed on a device and can no longer be cancelled");
            }
            if (line.cancelledAt == null) {
                line.cancelledAt = now;
                balance = balance.add(line.chargedUsd);
                // the order stays "completed": docs/provider-api.md knows no other terminal order status, the line
                // carries the cancellation
                cancellations++;
                journal.line(line);
                saveAccount();
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("iccid", iccid);
            body.put("status", "cancelled");
            body.put("refunded", true);
            return ApiResult.ok(200, body);
        });
    }

    synchronized ApiResult topUp(String idempotencyKey, JsonNode request) {
        return idempotent("POST /v1/topups", idempotencyKey, request, () -> {
            String iccid = text(request, "iccid");
            String sku = text(request, "sku");
            if (iccid == null || sku == null || catalogue.find(sku).isEmpty()) {
                return ApiResult.validation("iccid and a known sku are required");
            }
            SimulatedLine line = lines.get(iccid);
            if (line == null) {
                return ApiResult.notFound("no line " + iccid);
            }
            Plan plan = catalogue.find(sku).orElseThrow();
            if (!plan.region().equals(line.order.plan.region())) {
                return ApiResult.validation(sku + " does not top up a " + line.order.plan.region() + " line");
            }
            Instant now = now();
            if (line.cancelledAt != null || now.isAfter(line.validUntil)) {
                return ApiResult.conflict("the line is " + life.status(line, now) + " and cannot be topped up");
            }
            ApiResult refusal = refuseSale(plan);
            if (refusal != null) {
                return refusal;
            }
            BigDecimal cost = plan.costInUsd(properties.eurToUsd());
            balance = balance.subtract(cost);
            line.chargedUsd = line.chargedUsd.add(cost);
            line.allowanceMb += plan.dataAllowanceMb();
            Instant extended = LineLifecycle.endOfDay(now, plan.validityDays());
            if (extended.isAfter(line.validUntil)) {
                line.validUntil = extended;
            }
            topups++;
            journal.line(line);
            saveAccount();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("topup_id", "top_" + randomId(20));
            body.put("iccid", iccid);
            body.put("sku", sku);
            body.put("status", "applied");
            body.put("data_added_mb", plan.dataAllowanceMb());
            body.put("valid_until", ISO.format(line.validUntil));
            return ApiResult.ok(201, body);
        });
    }

    synchronized ApiResult balanceJson() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("amount", balance);
        body.put("currency", "USD");
        body.put("low_balance_threshold", properties.lowBalanceThreshold());
        return ApiResult.ok(200, body);
    }

    // ---------------------------------------------------------------- internals

    private void resetState() {
        gate.reset();
        activationMode = properties.activationMode();
        activationModeBySku.clear();
        activationModeBySku.putAll(properties.activationModeBySku());
        clockOffset = Duration.ZERO;
        balance = properties.initialBalance().setScale(2, java.math.RoundingMode.HALF_UP);
        orders.clear();
        lines.clear();
        idempotency.clear();
        profilesIssued.clear();
        cancellations = 0;
        topups = 0;
    }

    /**
     * Same key + same endpoint and body replays the stored answer; same key + anything else is a conflict. Only
     * successes are stored, so a refused order (stock, balance) can be retried under the same key once fixed.
     */
    private ApiResult idempotent(String endpoint, String key, JsonNode request, Supplier<ApiResult> operation) {
        if (key == null || key.isBlank()) {
            return ApiResult.validation("Idempotency-Key header is required");
        }
        StoredCall stored = idempotency.get(key);
        if (stored != null) {
            if (stored.endpoint.equals(endpoint) && Objects.equals(stored.request, request)) {
                return stored.result.withHeader("Idempotent-Replayed", "true");
            }
            return ApiResult.conflict("Idempotency-Key " + key + " was already used with a different request");
        }
        // the change and the key that remembers its answer reach the journal together, or (killed) neither does
        return journal.atomically(() -> {
            ApiResult result = operation.get();
            if (result.successful()) {
                StoredCall call = new StoredCall(endpoint, request, result);
                idempotency.put(key, call);
                journal.idempotency(key, call);
            }
            return result;
        });
    }

    private ApiResult refuseSale(Plan plan) {
        if (gate.faults().outOfStockSkus().contains(plan.sku())) {
            return ApiResult.error(409, "sku_unavailable", plan.sku() + " is out of stock");
        }
        BigDecimal cost = plan.costInUsd(properties.eurToUsd());
        if (gate.faults().insufficientBalance() || balance.compareTo(cost) < 0) {
            return ApiResult.error(402, "insufficient_balance",
                    "Prepaid balance is below the net price of " + plan.sku() + " (" + cost + " USD)");
        }
        return null;
    }

    private ActivationMode modeFor(String sku) {
        return activationModeBySku.getOrDefault(sku, activationMode);
    }

    private void scheduleActivation(String orderId, Duration delay) {
        scheduler.schedule(() -> activate(orderId), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void activate(String orderId) {
        WebhookDispatcher.Event event;
        synchronized (this) {
            SimulatedOrder order = orders.get(orderId);
            if (order == null || !"processing".equals(order.status)) {
                return; // reset in between
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("order_id", order.id);
            data.put("reference", order.reference);
            if (gate.faults().failAsyncActivation()) {
                order.status = "failed";
                order.failureReason = "activation_failed";
                balance = balance.add(order.chargedUsd);
                data.put("reason", order.failureReason);
                event = event("order.failed", data);
            } else {
                SimulatedLine line = issueLine(order);
                order.status = "completed";
                Map<String, Object> lineJson = new LinkedHashMap<>();
                lineJson.put("iccid", line.iccid);
                lineJson.put("smdp_plus", life.lpa(line));
                lineJson.put("qr_url", life.qrUrl(order));
                lineJson.put("valid_from", ISO.format(line.validFrom));
                lineJson.put("expires_at", ISO.format(line.validUntil));
                data.put("line", lineJson);
                event = event("activation.ready", data);
            }
            saveOrder(order);
        }
        webhooks.send(event); // outside the lock: delivery must never hold up the API
    }

    /**
     * Saves the order with its line and the account in one journal line: every order change moves the balance or the
     * line with it.
     */
    private void saveOrder(SimulatedOrder order) {
        journal.atomically(() -> {
            journal.order(order);
            if (order.line != null) {
                journal.line(order.line);
            }
            saveAccount();
        });
    }

    private void saveAccount() {
        journal.account(balance, cancellations, topups);
    }

    /** Takes over what the journal holds; async activations it left pending run again after the usual delay. */
    private void restore() {
        ProviderJournal.Restored restored = journal.restore(catalogue);
        orders.putAll(restored.orders());
        lines.putAll(restored.lines());
        idempotency.putAll(restored.idempotency());
        for (SimulatedLine line : restored.lines().values()) {
            profilesIssued.merge(line.order.reference, 1, Integer::sum);
            iccids.continueAfter(line.iccid);
        }
        if (restored.account() != null) {
            balance = restored.account().balance();
            cancellations = restored.account().cancellations();
            topups = restored.account().topups();
        }
        restored.orders().values().stream().filter(o -> "processing".equals(o.status))
                .forEach(o -> scheduleActivation(o.id, properties.asyncActivationDelay()));
    }

    private SimulatedLine issueLine(SimulatedOrder order) {
        Instant now = now();
        SimulatedLine line = new SimulatedLine(iccids.next(), order, activationCode(), now,
                LineLifecycle.endOfDay(now, order.plan.validityDays()), order.plan.dataAllowanceMb(), order.chargedUsd);
        lines.put(line.iccid, line);
        order.line = line;
        profilesIssued.merge(order.reference, 1, Integer::sum);
        return line;
    }

    private void scanLines() {
        List<WebhookDispatcher.Event> events = new ArrayList<>();
        synchronized (this) {
            Instant now = now();
            for (SimulatedLine line : lines.values()) {
                if (line.cancelledAt != null) {
                    continue;
                }
                int before = events.size();
                long used = life.usedMb(line, now);
                for (int threshold : USAGE_THRESHOLDS) {
                    if (used * 100 >= line.allowanceMb * threshold && line.thresholdsNotified.add(threshold)) {
                        Map<String, Object> data = new LinkedHashMap<>();
                        data.put("iccid", line.iccid);
                        data.put("reference", line.order.reference);
                        data.put("used_mb", used);
                        data.put("remaining_mb", line.allowanceMb - used);
                        data.put("threshold_percent", threshold);
                        events.add(event("line.usage_threshold", data));
                    }
                }
                if (!line.expiringNotified && !now.isBefore(line.validUntil.minus(EXPIRING_NOTICE))
                        && now.isBefore(line.validUntil)) {
                    line.expiringNotified = true;
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("iccid", line.iccid);
                    data.put("reference", line.order.reference);
                    data.put("expires_at", ISO.format(line.validUntil));
                    events.add(event("line.expiring", data));
                }
                if (events.size() > before) {
                    journal.line(line); // what it was told about, so a restart does not tell it again
                }
            }
        }
        events.forEach(webhooks::send);
    }

    private WebhookDispatcher.Event event(String type, Map<String, Object> data) {
        String id = "evt_" + randomId(24);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("id", id);
        body.put("created", ISO.format(now().truncatedTo(ChronoUnit.SECONDS)));
        body.put("data", data);
        return new WebhookDispatcher.Event(id, type, json.writeValueAsString(body));
    }

    private SimulatedLine requireLine(String iccid) {
        SimulatedLine line = lines.get(iccid);
        if (line == null) {
            throw new IllegalArgumentException("no line " + iccid);
        }
        return line;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }

    private static String activationCode() {
        return "ACT-" + randomUpper(4) + "-" + randomUpper(4) + "-" + randomUpper(4);
    }

    private static String randomUpper(int length) {
        return randomId(length).toUpperCase(Locale.ROOT);
    }

    static String randomId(int length) {
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return id.toString();
    }

    record StoredCall(String endpoint, JsonNode request, ApiResult result) {}
}
