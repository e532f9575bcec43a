package dev.esim.sandbox.gateway;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The gateway's memory — sessions, PaymentIntents, charges, refunds, disputes, events — and the moves a traveller or
 * an API call makes on them. In memory, and with {@code sandbox.state-dir} also in the gateway's journal
 * ({@link GatewayJournal}): each move is written there, in one piece, before it is answered, and a restart starts
 * from it. Without a state directory a restart is empty, as a fresh Stripe test account would be. One lock (the
 * {@link LedgerState}) serializes the moves: traffic is a developer clicking, not a load test.
 *
 * <p>What the controllers call; the work is done by {@link CheckoutSessions}, {@link PaymentIntents},
 * {@link Refunds}, {@link Disputes} and {@link EventLog}.
 */
final class Ledger {

    private final CheckoutSessions sessions;
    private final PaymentIntents payments;
    private final Refunds refunds;
    private final Disputes disputes;
    private final EventLog events;

    Ledger(Clock clock, WebhookDispatcher dispatcher, Duration asyncDelay, GatewayJournal journal) {
        LedgerState state = new LedgerState(journal);
        this.events = new EventLog(clock, state, dispatcher);
        this.sessions = new CheckoutSessions(clock, state, events);
        this.payments = new PaymentIntents(clock, asyncDelay, state, sessions, events, dispatcher);
        this.refunds = new Refunds(clock, state, payments, events);
        this.disputes = new Disputes(clock, state, payments, events);
        restore(state, journal.restored());
    }

    /**
     * Takes over what the journal holds; events not yet delivered go out again (as Stripe's durable retries would),
     * "pay later" payments settle when they were due.
     */
    private void restore(LedgerState state, GatewayJournal.Restored restored) {
        state.restore(restored);
        events.restore(restored.events());
        payments.resume(restored.settlements());
    }

    SessionState createSession(StripeParams p, String publicBaseUrl) {
        return sessions.create(p, publicBaseUrl);
    }

    SessionState session(String id) {
        return sessions.session(id);
    }

    SessionState expire(String id) {
        return sessions.expire(id);
    }

    /** Expires every open session past its {@code expires_at}, with its {@code checkout.session.expired} event. */
    void expireOverdue() {
        sessions.expireOverdue();
    }

    /** "Pay": the card is charged at once. */
    SessionState pay(String sessionId, String email) {
        return payments.pay(sessionId, email);
    }

    /** "Decline": the card is refused; like Stripe, the session stays open so the traveller can try again. */
    SessionState decline(String sessionId, String email) {
        return payments.decline(sessionId, email);
    }

    /** "Pay later": completes unpaid now, settles after the configured delay as {@code willSucceed} says. */
    SessionState payLater(String sessionId, String email, boolean willSucceed) {
        return payments.payLater(sessionId, email, willSucceed);
    }

    PaymentIntentState paymentIntent(String id) {
        return payments.paymentIntent(id);
    }

    RefundState refund(StripeParams p, String requestId, String idempotencyKey) {
        return refunds.refund(p, requestId, idempotencyKey);
    }

    /** The payer's bank disputes the payment in full; see {@link Disputes#open}. */
    DisputeState dispute(String paymentIntentId, String reason, String outcome) {
        return disputes.open(paymentIntentId, reason, outcome);
    }

    /** The shop accepts a dispute ({@code POST /v1/disputes/{id}/close}). */
    DisputeState closeDispute(String id) {
        return disputes.close(id);
    }

    /** The shop answers a dispute with evidence ({@code POST /v1/disputes/{id}}). */
    DisputeState updateDispute(String id, Map<String, String> evidence, boolean submit) {
        return disputes.update(id, evidence, submit);
    }

    DisputeState dispute(String id) {
        return disputes.dispute(id);
    }

    /** Events newest first, as {@code GET /v1/events} lists them. */
    List<WebhookEvent> events(Predicate<WebhookEvent> filter) {
        return events.events(filter);
    }

    WebhookEvent event(String id) {
        return events.event(id);
    }
}
