package dev.esim.provisioning.order;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The store's contract in memory; hands out copies, as a database would. */
final class InMemoryProvisioningStore implements ProvisioningStore {

    private final Map<String, PlacedOrder> orders = new HashMap<>();
    private final Map<String, String> payments = new HashMap<>();
    private final Map<String, Map<String, ReceivedPayment>> paymentEvents = new HashMap<>();
    private final Map<String, RecordPosition> rejectionCarriers = new HashMap<>();
    private final Map<String, String> refunds = new HashMap<>();
    private final Map<String, Map<String, Long>> refundAmounts = new HashMap<>();
    private final Map<String, Claim> claims = new LinkedHashMap<>();
    private final Map<String, Boolean> lowBalance = new HashMap<>();

    @Override
    public void saveOrder(PlacedOrder order) {
        orders.putIfAbsent(order.orderId(), order);
    }

    @Override
    public Optional<PlacedOrder> order(String orderId) {
        return Optional.ofNullable(orders.get(orderId));
    }

    @Override
    public void recordPaymentEvent(String orderId, String paymentEventId, Payment payment, String paymentIntentId) {
        paymentEvents.computeIfAbsent(orderId, k -> new LinkedHashMap<>())
                .putIfAbsent(paymentEventId, new ReceivedPayment(paymentEventId, payment, paymentIntentId));
    }

    @Override
    public List<ReceivedPayment> paymentEvents(String orderId) {
        return List.copyOf(paymentEvents.getOrDefault(orderId, Map.of()).values());
    }

    @Override
    public RecordPosition rejectionCarrier(String orderId, String paymentEventId) {
        return rejectionCarriers.get(orderId + "/" + paymentEventId);
    }

    @Override
    public void rejectionCarrier(String orderId, String paymentEventId, RecordPosition carrier) {
        rejectionCarriers.put(orderId + "/" + paymentEventId, carrier);
    }

    @Override
    public String recordPayment(String orderId, String paymentEventId) {
        return payments.computeIfAbsent(orderId, k -> paymentEventId);
    }

    @Override
    public Optional<String> payment(String orderId) {
        return Optional.ofNullable(payments.get(orderId));
    }

    @Override
    public long recordRefundAmount(String orderId, String refundId, String eventId, long amountMinor,
                                   String currency) {
        Map<String, Long> byRefund = refundAmounts.computeIfAbsent(orderId, k -> new LinkedHashMap<>());
        byRefund.putIfAbsent(refundId, amountMinor);
        return byRefund.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public String recordRefund(String orderId, String refundEventId) {
        return refunds.computeIfAbsent(orderId, k -> refundEventId);
    }

    @Override
    public Optional<String> refund(String orderId) {
        return Optional.ofNullable(refunds.get(orderId));
    }

    @Override
    public Claimed claim(Claim fresh) {
        boolean isNew = !claims.containsKey(fresh.reference());
        if (isNew) {
            claims.put(fresh.reference(), copy(fresh));
        }
        return new Claimed(copy(claims.get(fresh.reference())), isNew);
    }

    @Override
    public Optional<Claim> claim(String reference) {
        return Optional.ofNullable(claims.get(reference)).map(InMemoryProvisioningStore::copy);
    }

    @Override
    public List<Claim> claimsOf(String orderId) {
        List<Claim> result = new ArrayList<>();
        claims.values().stream().filter(c -> c.orderId().equals(orderId)).map(InMemoryProvisioningStore::copy)
                .forEach(result::add);
        return result;
    }

    @Override
    public Optional<String> providerOfLine(String iccid) {
        return claims.values().stream().filter(c -> iccid.equals(c.iccid()) && c.kind() == Claim.Kind.LINE)
                .map(Claim::provider).findFirst();
    }

    @Override
    public void save(Claim claim) {
        Claim stored = claims.get(claim.reference());
        if (stored == null || stored.version() != claim.version()) {
            throw new StaleClaimException(claim.reference(), claim.version());
        }
        claim.saved();
        claims.put(claim.reference(), copy(claim));
    }

    @Override
    public List<DueCheck> leaseDueChecks(Instant now, Duration lease, int limit) {
        List<DueCheck> due = new ArrayList<>();
        for (Claim c : claims.values()) {
            boolean isDue = c.nextCheckAt() != null && !c.nextCheckAt().isAfter(now);
            if (due.size() < limit && !c.state().settled() && isDue) {
                due.add(new DueCheck(c.reference(), c.orderId(), c.causeEventId()));
            }
        }
        for (DueCheck d : due) {
            Claim c = claims.get(d.reference());
            claims.put(d.reference(), withNextCheck(c, now.plus(lease)));
        }
        return due;
    }

    /** The lease moves only the next check, not the version: as the SQL does. */
    private static Claim withNextCheck(Claim c, Instant at) {
        return new Claim(c.reference(), c.orderId(), c.lineNo(), c.kind(), c.state(), c.provider(), c.plan(),
                c.topUpIccid(), c.providerOrderId(), c.iccid(), c.sealedLpa(), c.validFrom(), c.validUntil(),
                c.dataAddedMb(), c.providerRefunded(), c.failureCode(), c.failureDetail(), c.attempts(),
                c.cancelRequested(), c.providersTried(), c.causeEventId(), c.outcomeEventId(), c.outcomeCauseId(),
                c.outcomeAt(), c.emittedBy(), c.createdAt(), at, c.checks(), c.version());
    }

    @Override
    public int eraseActivationCodes(String orderId) {
        int n = 0;
        for (Claim c : claims.values()) {
            if (c.orderId().equals(orderId) && c.sealedLpa() != null && c.emittedBy() != null) {
                c.eraseActivationCode();
                c.saved();
                n++;
            }
        }
        return n;
    }

    @Override
    public int forgetEmission(RecordPosition position) {
        int n = 0;
        for (Claim c : claims.values()) {
            if (position.equals(c.emittedBy())) {
                c.emittedBy(null);
                c.saved();
                n++;
            }
        }
        rejectionCarriers.values().removeIf(position::equals);
        return n;
    }

    @Override
    public boolean balanceTurnedLow(String provider, boolean low) {
        Boolean before = lowBalance.put(provider, low);
        return low && !Boolean.TRUE.equals(before);
    }

    Claim stored(String reference) {
        return claim(reference).orElseThrow();
    }

    static Claim copy(Claim c) {
        return new Claim(c.reference(), c.orderId(), c.lineNo(), c.kind(), c.state(), c.provider(), c.plan(),
                c.topUpIccid(), c.providerOrderId(), c.iccid(), c.sealedLpa(), c.validFrom(), c.validUntil(),
                c.dataAddedMb(), c.providerRefunded(), c.failureCode(), c.failureDetail(), c.attempts(),
                c.cancelRequested(), c.providersTried(), c.causeEventId(), c.outcomeEventId(), c.outcomeCauseId(),
                c.outcomeAt(), c.emittedBy(), c.createdAt(), c.nextCheckAt(), c.checks(), c.version());
    }
}
