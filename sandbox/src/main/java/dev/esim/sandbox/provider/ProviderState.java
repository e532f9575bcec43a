package dev.esim.sandbox.provider;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one simulator remembers — orders, lines, the answers of idempotent calls, profiles issued per reference, the
 * prepaid balance with its cancellation and top-up counters — and the steering that resets with it (activation modes,
 * clock offset). Its monitor is the simulator's one lock: every read and change holds {@code synchronized (state)}.
 * Changes go to {@link #journal()} before the API answers; {@link #restore} takes over what the journal held.
 */
final class ProviderState {

    private final ProviderProperties properties;
    private final ProviderJournal journal;

    // everything below is guarded by `this`
    private final Map<String, SimulatedOrder> orders = new LinkedHashMap<>();
    private final Map<String, SimulatedLine> lines = new LinkedHashMap<>();
    private final Map<String, IdempotentCalls.StoredCall> idempotency = new HashMap<>();
    private final Map<String, Integer> profilesIssued = new TreeMap<>();
    private final Map<String, ActivationMode> activationModeBySku = new HashMap<>();
    private ActivationMode activationMode;
    private Duration clockOffset = Duration.ZERO;
    private BigDecimal balance;
    private long cancellations;
    private long topups;

    ProviderState(ProviderProperties properties, ProviderJournal journal) {
        this.properties = properties;
        this.journal = journal;
    }

    ProviderJournal journal() {
        return journal;
    }

    /** Forgets orders, lines, idempotency keys and counters; restores balance, activation modes and clock. */
    void reset() {
        activationMode = properties.activationMode();
        activationModeBySku.clear();
        activationModeBySku.putAll(properties.activationModeBySku());
        clockOffset = Duration.ZERO;
        balance = properties.initialBalance().setScale(2, RoundingMode.HALF_UP);
        orders.clear();
        lines.clear();
        idempotency.clear();
        profilesIssued.clear();
        cancellations = 0;
        topups = 0;
    }

    /** Takes over what the journal held: each restored line is one profile issued for its order's reference. */
    void restore(ProviderJournal.Restored restored) {
        orders.putAll(restored.orders());
        lines.putAll(restored.lines());
        idempotency.putAll(restored.idempotency());
        for (SimulatedLine line : restored.lines().values()) {
            profilesIssued.merge(line.order.reference, 1, Integer::sum);
        }
        if (restored.account() != null) {
            balance = restored.account().balance();
            cancellations = restored.account().cancellations();
            topups = restored.account().topups();
        }
    }

    // ---------------------------------------------------------------- orders and lines

    SimulatedOrder order(String orderId) {
        return orders.get(orderId);
    }

    Collection<SimulatedOrder> orders() {
        return orders.values();
    }

    void addOrder(SimulatedOrder order) {
        orders.put(order.id, order);
    }

    SimulatedLine line(String iccid) {
        return lines.get(iccid);
    }

    SimulatedLine requireLine(String iccid) {
        SimulatedLine line = lines.get(iccid);
        if (line == null) {
            throw new IllegalArgumentException("no line " + iccid);
        }
        return line;
    }

    Collection<SimulatedLine> lines() {
        return lines.values();
    }

    /** A profile issued: the line is known by its ICCID and counts for its order's reference. */
    void addLine(SimulatedLine line) {
        lines.put(line.iccid, line);
        profilesIssued.merge(line.order.reference, 1, Integer::sum);
    }

    int profilesIssued(String reference) {
        return profilesIssued.getOrDefault(reference, 0);
    }

    Map<String, Integer> profilesIssued() {
        return Map.copyOf(profilesIssued);
    }

    /**
     * Saves the order with its line and the account in one journal line: every order change moves the balance or the
     * line with it.
     */
    void saveOrder(SimulatedOrder order) {
        journal.atomically(() -> {
            journal.order(order);
            if (order.line != null) {
                journal.line(order.line);
            }
            saveAccount();
        });
    }

    // ---------------------------------------------------------------- idempotency keys

    IdempotentCalls.StoredCall storedCall(String key) {
        return idempotency.get(key);
    }

    void storeCall(String key, IdempotentCalls.StoredCall call) {
        idempotency.put(key, call);
        journal.idempotency(key, call);
    }

    // ---------------------------------------------------------------- steering: activation modes and clock

    void setActivationMode(ActivationMode mode) {
        activationMode = Objects.requireNonNull(mode);
        activationModeBySku.clear();
    }

    void setActivationMode(String sku, ActivationMode mode) {
        activationModeBySku.put(sku.toUpperCase(Locale.ROOT), Objects.requireNonNull(mode));
    }

    ActivationMode modeFor(String sku) {
        return activationModeBySku.getOrDefault(sku, activationMode);
    }

    Instant now() {
        return Instant.now().plus(clockOffset);
    }

    void advanceClock(Duration duration) {
        clockOffset = clockOffset.plus(duration);
    }

    // ---------------------------------------------------------------- the account

    BigDecimal balance() {
        return balance;
    }

    void setBalance(BigDecimal amount) {
        balance = amount.setScale(2, RoundingMode.HALF_UP);
        saveAccount();
    }

    void debit(BigDecimal amount) {
        balance = balance.subtract(amount);
    }

    void credit(BigDecimal amount) {
        balance = balance.add(amount);
    }

    long cancellations() {
        return cancellations;
    }

    void countCancellation() {
        cancellations++;
    }

    long topups() {
        return topups;
    }

    void countTopUp() {
        topups++;
    }

    void saveAccount() {
        journal.account(balance, cancellations, topups);
    }
}
