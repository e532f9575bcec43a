package dev.esim.provisioning.order;

import dev.esim.provider.Balance;
import dev.esim.provider.CancelResult;
import dev.esim.provider.EsimProvider;
import dev.esim.provider.InsufficientBalanceException;
import dev.esim.provider.LineUsage;
import dev.esim.provider.Money;
import dev.esim.provider.OutOfStockException;
import dev.esim.provider.ProviderException;
import dev.esim.provider.ProviderOrder;
import dev.esim.provider.ProviderPlan;
import dev.esim.provider.ProviderRejectedException;
import dev.esim.provider.ProvisionRequest;
import dev.esim.provider.ProvisionResult;
import dev.esim.provider.ProvisionedLine;
import dev.esim.provider.TopUpRequest;
import dev.esim.provider.TopUpResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An in-memory provider that behaves like the real API where it matters: an idempotency key replays the first
 * outcome, orders can be looked up by reference, profiles are counted per reference.
 */
final class FakeProvider implements EsimProvider {

    private final String name;
    private final List<ProviderPlan> plans = new ArrayList<>();
    private final Map<String, ProviderOrder> ordersByKey = new LinkedHashMap<>();
    private final Map<String, Integer> profilesByReference = new LinkedHashMap<>();
    private final Set<String> outOfStock = new HashSet<>();
    private final Set<String> installed = new HashSet<>();
    private final Deque<ProviderException> nextFaults = new ArrayDeque<>();
    private final List<String> calls = new ArrayList<>();
    private final Map<String, TopUpResult> topUps = new LinkedHashMap<>();
    private boolean async;
    private boolean insufficientBalance;
    private Balance balance = new Balance(Money.of("1000.00", "USD"), Money.of("100.00", "USD"));
    private int iccids;

    FakeProvider(String name) {
        this.name = name;
    }

    FakeProvider sells(String sku, List<String> coverage, long mb, int days) {
        plans.add(new ProviderPlan(name, sku, sku + " plan", Set.copyOf(coverage), mb, days, Money.of("5.00", "USD"),
                true));
        return this;
    }

    FakeProvider async() {
        this.async = true;
        return this;
    }

    FakeProvider outOfStock(String sku) {
        outOfStock.add(sku);
        return this;
    }

    FakeProvider failNext(ProviderException... faults) {
        nextFaults.addAll(List.of(faults));
        return this;
    }

    FakeProvider insufficientBalance() {
        this.insufficientBalance = true;
        return this;
    }

    /** The prepaid balance is topped up again: orders go through. */
    FakeProvider restoreBalance() {
        this.insufficientBalance = false;
        return this;
    }

    FakeProvider balance(String amount, String threshold) {
        this.balance = new Balance(Money.of(amount, "USD"), Money.of(threshold, "USD"));
        return this;
    }

    void install(String iccid) {
        installed.add(iccid);
    }

    /** Profiles actually issued for our reference, however often we asked. */
    int profilesFor(String reference) {
        return profilesByReference.getOrDefault(reference, 0);
    }

    int totalProfiles() {
        return profilesByReference.values().stream().mapToInt(Integer::intValue).sum();
    }

    List<String> calls() {
        return List.copyOf(calls);
    }

    long callsOf(String operation) {
        return calls.stream().filter(c -> c.startsWith(operation)).count();
    }

    /** Completes an async order, as the provider does before sending its webhook. */
    ProvisionedLine complete(String reference) {
        ProviderOrder pending = ordersByKey.values().stream().filter(o -> reference.equals(o.reference()))
                .findFirst().orElseThrow();
        ProvisionedLine line = newLine();
        ordersByKey.replaceAll((k, o) -> o == pending ? new ProviderOrder(o.providerOrderId(), o.reference(),
                ProviderOrder.Status.COMPLETED, o.sku(), Optional.of(line)) : o);
        return line;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<ProviderPlan> listPlans() {
        calls.add("listPlans");
        return plans.stream().map(p -> outOfStock.contains(p.sku()) ? new ProviderPlan(p.provider(), p.sku(), p.name(),
                p.coverage(), p.dataAllowanceMb(), p.validityDays(), p.netPrice(), false) : p).toList();
    }

    @Override
    public ProvisionResult provision(ProvisionRequest request) {
        calls.add("provision " + request.orderId());
        fault();
        ProviderOrder known = ordersByKey.get(request.idempotencyKey());
        if (known != null) {
            return known.asProvisionResult().orElseThrow();
        }
        if (outOfStock.contains(request.sku())) {
            throw new OutOfStockException(name, "sku_unavailable", 409, "req_1", "out of stock");
        }
        if (insufficientBalance) {
            throw new InsufficientBalanceException(name, "insufficient_balance", 402, "req_2", "balance too low");
        }
        String providerOrderId = name + "-ord-" + (ordersByKey.size() + 1);
        profilesByReference.merge(request.orderId(), 1, Integer::sum);
        ProviderOrder order = async
                ? new ProviderOrder(providerOrderId, request.orderId(), ProviderOrder.Status.PROCESSING, request.sku(),
                Optional.empty())
                : new ProviderOrder(providerOrderId, request.orderId(), ProviderOrder.Status.COMPLETED, request.sku(),
                Optional.of(newLine()));
        ordersByKey.put(request.idempotencyKey(), order);
        return order.asProvisionResult().orElseThrow();
    }

    @Override
    public Optional<ProviderOrder> findOrder(String providerOrderId) {
        calls.add("findOrder " + providerOrderId);
        fault();
        return ordersByKey.values().stream().filter(o -> o.providerOrderId().equals(providerOrderId)).findFirst();
    }

    @Override
    public Optional<ProviderOrder> findOrderByReference(String ourOrderId) {
        calls.add("findOrderByReference " + ourOrderId);
        fault();
        return ordersByKey.values().stream().filter(o -> ourOrderId.equals(o.reference())).findFirst();
    }

    @Override
    public LineUsage lineUsage(String iccid) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TopUpResult topUp(TopUpRequest request) {
        calls.add("topUp " + request.reference());
        fault();
        if (insufficientBalance) {
            throw new InsufficientBalanceException(name, "insufficient_balance", 402, "req_2", "balance too low");
        }
        return topUps.computeIfAbsent(request.idempotencyKey(), k -> {
            profilesByReference.merge("topup:" + request.reference(), 1, Integer::sum);
            return new TopUpResult("top_" + topUps.size(), request.iccid(), request.sku(), 1024L, null);
        });
    }

    @Override
    public CancelResult cancelIfUnused(String iccid, String idempotencyKey) {
        calls.add("cancel " + iccid);
        fault();
        if (installed.contains(iccid)) {
            throw new ProviderRejectedException(name, "conflict", "conflict", 409, "req_3", "installed");
        }
        return new CancelResult(iccid, true, true);
    }

    @Override
    public Balance balance() {
        calls.add("balance");
        return balance;
    }

    private void fault() {
        ProviderException fault = nextFaults.poll();
        if (fault != null) {
            throw fault;
        }
    }

    private ProvisionedLine newLine() {
        iccids++;
        String code = "ACT-" + name.toUpperCase() + "-" + iccids;
        return ProvisionedLine.fromLpa("89883070000" + String.format("%08d", iccids) + (name.length() % 10),
                "LPA:1$smdp." + name + ".example$" + code, null, null);
    }
}
