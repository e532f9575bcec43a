package dev.esim.provider;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** An in-memory provider for unit tests: a catalogue, and a scripted answer for every other call. */
public class FakeProvider implements EsimProvider {

    private final String name;
    private final List<ProviderPlan> plans = new ArrayList<>();
    private Supplier<Balance> balance = () -> new Balance(Money.of("100.00", "USD"), null);
    private final List<Optional<ProviderOrder>> orderAnswers = new ArrayList<>();
    public final AtomicInteger calls = new AtomicInteger();

    public FakeProvider(String name) {
        this.name = name;
    }

    public FakeProvider withPlan(String sku, Iterable<String> coverage, long mb, int days, String price,
                                 boolean available) {
        java.util.Set<String> c = new java.util.LinkedHashSet<>();
        coverage.forEach(c::add);
        plans.add(new ProviderPlan(name, sku, sku, c, mb, days, Money.of(price, "USD"), available));
        return this;
    }

    /** Every call to {@link #balance()} runs this (count it, throw from it…). */
    public FakeProvider answeringBalance(Supplier<Balance> answer) {
        this.balance = answer;
        return this;
    }

    /** Successive answers of {@link #findOrder(String)}; the last one repeats. */
    public FakeProvider answeringFindOrder(List<Optional<ProviderOrder>> answers) {
        orderAnswers.addAll(answers);
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<ProviderPlan> listPlans() {
        calls.incrementAndGet();
        return List.copyOf(plans);
    }

    @Override
    public ProvisionResult provision(ProvisionRequest request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<ProviderOrder> findOrder(String providerOrderId) {
        int i = calls.getAndIncrement();
        return orderAnswers.get(Math.min(i, orderAnswers.size() - 1));
    }

    @Override
    public Optional<ProviderOrder> findOrderByReference(String ourOrderId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public LineUsage lineUsage(String iccid) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TopUpResult topUp(TopUpRequest request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CancelResult cancelIfUnused(String iccid, String idempotencyKey) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Balance balance() {
        calls.incrementAndGet();
        return balance.get();
    }
}
