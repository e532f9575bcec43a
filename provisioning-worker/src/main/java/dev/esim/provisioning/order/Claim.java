package dev.esim.provisioning.order;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The claim row of one order line: written (state {@link State#REQUESTED}) and committed <em>before</em> the provider
 * is called, so that after any crash the worker knows a call may have happened and asks the provider before calling
 * again. It also remembers the decided outcome and which input event last published it.
 *
 * <pre>
 * REQUESTED ──provider: line──▶ ACTIVE ──refund or support's request, never installed──▶ CANCELLED
 *     │  ├──provider: accepted, async──▶ PENDING ──webhook or poll──▶ ACTIVE
 *     │  │                                  └──still processing at the deadline──▶ FAILED
 *     │  └──no balance / provider unavailable──▶ AWAITING_PROVIDER ──retried like REQUESTED──▶ …
 *     │                                              └──deadline──▶ FAILED
 *     └──refusal / out of stock without failover──▶ FAILED
 * REQUESTED (top-up) ──▶ TOPPED_UP | FAILED
 * </pre>
 *
 * <p>Every unsettled claim has a time it is looked at again ({@link #nextCheckAt()}), so none waits silently: a lost
 * callback, a dead-lettered input or a parked line is picked up by the worker's own check. Each save is a
 * compare-and-set on {@link #version()}: two threads that read the same claim cannot both write it.
 */
final class Claim {

    public enum Kind { LINE, TOP_UP }

    public enum State {
        REQUESTED, PENDING, AWAITING_PROVIDER, ACTIVE, FAILED, TOPPED_UP, CANCELLED;

        /** The claim no longer waits for the provider. */
        public boolean settled() {
            return this != REQUESTED && this != PENDING && this != AWAITING_PROVIDER;
        }
    }

    private final String reference;
    private final String orderId;
    private final int lineNo;
    private final Kind kind;
    private final Instant createdAt;
    private final String causeEventId;
    private State state;
    private String provider;
    private PlanSpec plan;
    private String topUpIccid;
    private String providerOrderId;
    private String iccid;
    private byte[] sealedLpa;
    private Instant validFrom;
    private Instant validUntil;
    private Long dataAddedMb;
    private boolean providerRefunded;
    private String failureCode;
    private String failureDetail;
    private int attempts;
    private boolean cancelRequested;
    private Set<String> providersTried;
    private String outcomeEventId;
    private String outcomeCauseId;
    private Instant outcomeAt;
    private RecordPosition emittedBy;
    private Instant nextCheckAt;
    private int checks;
    private int version;

    /** Every column, for the store to rebuild a claim; the service creates claims with {@link #requested}. */
    public Claim(String reference, String orderId, int lineNo, Kind kind, State state, String provider, PlanSpec plan,
                 String topUpIccid, String providerOrderId, String iccid, byte[] sealedLpa, Instant validFrom,
                 Instant validUntil, Long dataAddedMb, boolean providerRefunded, String failureCode,
                 String failureDetail, int attempts, boolean cancelRequested, Set<String> providersTried,
                 String causeEventId, String outcomeEventId, String outcomeCauseId, Instant outcomeAt,
                 RecordPosition emittedBy, Instant createdAt, Instant nextCheckAt, int checks, int version) {
        this.reference = Objects.requireNonNull(reference, "reference");
        this.orderId = Objects.requireNonNull(orderId, "orderId");
        this.lineNo = lineNo;
        this.kind = Objects.requireNonNull(kind, "kind");
        this.state = Objects.requireNonNull(state, "state");
        this.provider = provider;
        this.plan = plan;
        this.topUpIccid = topUpIccid;
        this.providerOrderId = providerOrderId;
        this.iccid = iccid;
        this.sealedLpa = sealedLpa;
        this.validFrom = validFrom;
        this.validUntil = validUntil;
        this.dataAddedMb = dataAddedMb;
        this.providerRefunded = providerRefunded;
        this.failureCode = failureCode;
        this.failureDetail = failureDetail;
        this.attempts = attempts;
        this.cancelRequested = cancelRequested;
        this.providersTried = new LinkedHashSet<>(providersTried != null ? providersTried : Set.of());
        this.causeEventId = Objects.requireNonNull(causeEventId, "causeEventId");
        this.outcomeEventId = outcomeEventId;
        this.outcomeCauseId = outcomeCauseId;
        this.outcomeAt = outcomeAt;
        this.emittedBy = emittedBy;
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.nextCheckAt = nextCheckAt;
        this.checks = checks;
        this.version = version;
    }

    static Claim requested(String reference, String orderId, int lineNo, Kind kind, String provider, PlanSpec plan,
                           String topUpIccid, String causeEventId, Instant now, Instant firstCheckAt) {
        return new Claim(reference, orderId, lineNo, kind, State.REQUESTED, provider, plan, topUpIccid, null, null,
                null, null, null, null, false, null, null, 0, false, Set.of(provider), causeEventId, null, null, null,
                null, now, firstCheckAt, 0, 0);
    }

    // --- transitions (the service decides, the store persists) ------------------------------------------------

    void attempted() {
        attempts++;
    }

    /** The provider accepted the order and will finish it later; polled from {@code firstCheckAt} on. */
    void pending(String providerOrderId, Instant firstCheckAt) {
        if (this.state != State.PENDING) {
            this.checks = 0;
        }
        this.state = State.PENDING;
        this.providerOrderId = providerOrderId;
        this.nextCheckAt = firstCheckAt;
    }

    /**
     * The provider cannot serve the line now (no balance, unavailable): wait, retried from {@code retryAt} on. Parked
     * again while parked counts as one more look (back-off).
     */
    void park(String reason, String detail, Instant retryAt) {
        this.checks = this.state == State.AWAITING_PROVIDER ? this.checks + 1 : 0;
        this.state = State.AWAITING_PROVIDER;
        this.failureCode = reason;
        this.failureDetail = detail;
        this.nextCheckAt = retryAt;
    }

    /** Looked at and still unsettled: next look at {@code at}. */
    void checkAgainAt(Instant at) {
        this.checks++;
        this.nextCheckAt = at;
    }

    /** Called by the store once it wrote this claim: the copy now holds the row's new version. */
    public void saved() {
        this.version++;
    }

    void activate(String providerOrderId, String iccid, byte[] sealedLpa, Instant validFrom, Instant validUntil,
                  String outcomeEventId, String outcomeCauseId, Instant at) {
        this.state = State.ACTIVE;
        this.failureCode = null;
        this.failureDetail = null;
        this.providerOrderId = providerOrderId != null ? providerOrderId : this.providerOrderId;
        this.iccid = iccid;
        this.sealedLpa = sealedLpa;
        this.validFrom = validFrom;
        this.validUntil = validUntil;
        decided(outcomeEventId, outcomeCauseId, at);
    }

    void fail(String code, String detail, String outcomeEventId, String outcomeCauseId, Instant at) {
        this.state = State.FAILED;
        this.failureCode = code;
        this.failureDetail = detail;
        decided(outcomeEventId, outcomeCauseId, at);
    }

    void toppedUp(String iccid, long dataAddedMb, Instant validUntil, String outcomeEventId, String outcomeCauseId,
                  Instant at) {
        this.state = State.TOPPED_UP;
        this.failureCode = null; // it may have waited for the provider
        this.failureDetail = null;
        this.iccid = iccid;
        this.dataAddedMb = dataAddedMb;
        this.validUntil = validUntil;
        decided(outcomeEventId, outcomeCauseId, at);
    }

    void cancelled(boolean providerRefunded, String outcomeEventId, String outcomeCauseId, Instant at) {
        this.state = State.CANCELLED;
        this.providerRefunded = providerRefunded;
        this.sealedLpa = null; // a cancelled profile's credentials are worthless; do not keep them
        decided(outcomeEventId, outcomeCauseId, at);
    }

    void requestCancel() {
        this.cancelRequested = true;
    }

    /** Failover: same line, another provider and its equivalent plan; the new provider starts with a clean slate. */
    void switchProvider(String provider, PlanSpec plan) {
        this.provider = provider;
        this.plan = plan;
        this.providersTried.add(provider);
        this.attempts = 0;
        this.providerOrderId = null;
    }

    void emittedBy(RecordPosition position) {
        this.emittedBy = position;
    }

    private void decided(String outcomeEventId, String outcomeCauseId, Instant at) {
        this.outcomeEventId = outcomeEventId;
        this.outcomeCauseId = outcomeCauseId;
        this.outcomeAt = at;
        this.emittedBy = null;
    }

    /** Whether the claim's state comes with an event for the outside world. */
    public boolean hasOutcome() {
        return outcomeEventId != null
                && (state == State.ACTIVE || state == State.FAILED || state == State.TOPPED_UP
                || state == State.CANCELLED);
    }

    // --- reading ----------------------------------------------------------------------------------------------

    public String reference() {
        return reference;
    }

    public String orderId() {
        return orderId;
    }

    public int lineNo() {
        return lineNo;
    }

    public Kind kind() {
        return kind;
    }

    public State state() {
        return state;
    }

    public String provider() {
        return provider;
    }

    public PlanSpec plan() {
        return plan;
    }

    public String topUpIccid() {
        return topUpIccid;
    }

    public String providerOrderId() {
        return providerOrderId;
    }

    public String iccid() {
        return iccid;
    }

    /** The customer's data was erased: the line's activation code is forgotten (its outcome was published). */
    void eraseActivationCode() {
        this.sealedLpa = null;
    }

    public byte[] sealedLpa() {
        return sealedLpa;
    }

    public Instant validFrom() {
        return validFrom;
    }

    public Instant validUntil() {
        return validUntil;
    }

    public Long dataAddedMb() {
        return dataAddedMb;
    }

    public boolean providerRefunded() {
        return providerRefunded;
    }

    public String failureCode() {
        return failureCode;
    }

    public String failureDetail() {
        return failureDetail;
    }

    public int attempts() {
        return attempts;
    }

    public boolean cancelRequested() {
        return cancelRequested;
    }

    public Set<String> providersTried() {
        return Set.copyOf(providersTried);
    }

    public String causeEventId() {
        return causeEventId;
    }

    public String outcomeEventId() {
        return outcomeEventId;
    }

    public String outcomeCauseId() {
        return outcomeCauseId;
    }

    public Instant outcomeAt() {
        return outcomeAt;
    }

    /** The input whose transaction last carried this claim's outcome event; null when none did (yet). */
    public RecordPosition emittedBy() {
        return emittedBy;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** When an unsettled claim is looked at again by the worker's own check (poll, retry). */
    public Instant nextCheckAt() {
        return nextCheckAt;
    }

    /** How often the claim was looked at in its current wait; drives the back-off. */
    public int checks() {
        return checks;
    }

    /** The version this copy was read at; a save succeeds only if the row still has it. */
    public int version() {
        return version;
    }

    @Override
    public String toString() {
        return "Claim[" + reference + " " + kind + " " + state + " provider=" + provider
                + " attempts=" + attempts + "]";
    }
}
