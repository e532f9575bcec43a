package dev.esim.sandbox.gateway;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * What the traveller's clicks on the checkout page do: a charge attempt on the session's PaymentIntent (created on the
 * first attempt, reused after a decline) that succeeds ("Pay"), is refused ("Decline") or is still processing ("Pay
 * later") and settles after {@code async-delay}; and {@code GET /v1/payment_intents/{id}}. Settlements still due are
 * journalled, so a restart settles them when they were due.
 */
final class PaymentIntents {

    private final Clock clock;
    private final Duration asyncDelay;
    private final LedgerState state;
    private final CheckoutSessions sessions;
    private final EventLog events;
    private final WebhookDispatcher dispatcher;

    PaymentIntents(Clock clock, Duration asyncDelay, LedgerState state, CheckoutSessions sessions, EventLog events,
            WebhookDispatcher dispatcher) {
        this.clock = clock;
        this.asyncDelay = asyncDelay;
        this.state = state;
        this.sessions = sessions;
        this.events = events;
        this.dispatcher = dispatcher;
    }

    PaymentIntentState paymentIntent(String id) {
        synchronized (state) {
            PaymentIntentState pi = state.paymentIntent(id);
            if (pi == null) {
                throw StripeApiException.noSuch("payment_intent", "intent", id);
            }
            return pi;
        }
    }

    /** "Pay": the card is charged at once. */
    SessionState pay(String sessionId, String email) {
        synchronized (state) {
            return state.journal().atomically(() -> {
                SessionState s = sessions.open(sessionId);
                PaymentIntentState pi = charge(s, email, "succeeded", false);
                SessionState done = s.withPaymentIntent(pi.id(), email).withStatus("complete", "paid");
                state.put(done);
                events.send(List.of(
                        events.emit("checkout.session.completed", StripeObjects.session(done, false), null),
                        events.emit("payment_intent.succeeded", StripeObjects.paymentIntent(pi), null)));
                return done;
            });
        }
    }

    /** "Decline": the card is refused; like Stripe, the session stays open so the traveller can try again. */
    SessionState decline(String sessionId, String email) {
        synchronized (state) {
            return state.journal().atomically(() -> {
                SessionState s = sessions.open(sessionId);
                PaymentIntentState pi = charge(s, email, "requires_payment_method", true);
                SessionState attempted = s.withPaymentIntent(pi.id(), email);
                state.put(attempted);
                events.send(List.of(
                        events.emit("payment_intent.payment_failed", StripeObjects.paymentIntent(pi), null)));
                return attempted;
            });
        }
    }

    /**
     * "Pay later": a delayed payment method. The session completes unpaid now and settles after the configured
     * delay into {@code checkout.session.async_payment_succeeded} or {@code …_failed}.
     */
    SessionState payLater(String sessionId, String email, boolean willSucceed) {
        synchronized (state) {
            return state.journal().atomically(() -> {
                SessionState s = sessions.open(sessionId);
                PaymentIntentState pi = charge(s, email, "processing", false);
                SessionState done = s.withPaymentIntent(pi.id(), email).withStatus("complete", "unpaid");
                state.put(done);
                events.send(List.of(
                        events.emit("checkout.session.completed", StripeObjects.session(done, false), null)));
                state.journal().settlement(new GatewayJournal.Settlement(done.id(), willSucceed,
                        clock.instant().plus(asyncDelay)));
                dispatcher.schedule(() -> settle(done.id(), willSucceed), asyncDelay);
                return done;
            });
        }
    }

    /** Settles the "pay later" payments a restart found in the journal when they were due (at once if overdue). */
    void resume(List<GatewayJournal.Settlement> settlements) {
        for (GatewayJournal.Settlement s : settlements) {
            Duration wait = Duration.between(clock.instant(), s.due());
            dispatcher.schedule(() -> settle(s.sessionId(), s.succeeds()), wait.isNegative() ? Duration.ZERO : wait);
        }
    }

    private void settle(String sessionId, boolean succeeded) {
        synchronized (state) {
            SessionState s = state.session(sessionId);
            PaymentIntentState pi = state.paymentIntent(s.paymentIntentId());
            if (!"processing".equals(pi.status())) {
                return; // settled already
            }
            ChargeState charge = state.charge(pi.latestChargeId());
            state.journal().atomically(() -> {
                state.journal().settled(sessionId);
                if (succeeded) {
                    settleSucceeded(s, pi, charge);
                } else {
                    settleFailed(s, pi, charge);
                }
            });
        }
    }

    private void settleSucceeded(SessionState s, PaymentIntentState pi, ChargeState charge) {
        PaymentIntentState paid = pi.withStatus("succeeded", false);
        state.put(charge.withStatus("succeeded"));
        state.put(paid);
        SessionState settled = s.withStatus("complete", "paid");
        state.put(settled);
        events.send(List.of(
                events.emit("checkout.session.async_payment_succeeded", StripeObjects.session(settled, false), null),
                events.emit("payment_intent.succeeded", StripeObjects.paymentIntent(paid), null)));
    }

    private void settleFailed(SessionState s, PaymentIntentState pi, ChargeState charge) {
        PaymentIntentState failed = pi.withStatus("requires_payment_method", true);
        state.put(charge.withStatus("failed"));
        state.put(failed);
        events.send(List.of(
                events.emit("checkout.session.async_payment_failed", StripeObjects.session(s, false), null),
                events.emit("payment_intent.payment_failed", StripeObjects.paymentIntent(failed), null)));
    }

    /** A new charge attempt on the session's PaymentIntent (created on the first attempt, reused after a decline). */
    private PaymentIntentState charge(SessionState s, String email, String status, boolean declined) {
        long now = clock.instant().getEpochSecond();
        String piId = s.paymentIntentId() != null ? s.paymentIntentId() : StripeJson.id("pi_");
        PaymentIntentState previous = state.paymentIntent(piId);
        String chargeStatus = switch (status) {
            case "succeeded" -> "succeeded";
            case "processing" -> "pending";
            default -> "failed";
        };
        String pm = StripeJson.id("pm_");
        ChargeState charge = new ChargeState(StripeJson.id("ch_"), now, s.amountTotal(), 0, s.currency(), piId, pm,
                email, s.paymentIntentMetadata(), chargeStatus);
        state.put(charge);
        PaymentIntentState pi = new PaymentIntentState(piId, previous != null ? previous.created() : now,
                s.amountTotal(), s.currency(), status, s.paymentIntentMetadata(), charge.id(), pm, null, declined);
        state.put(pi);
        return pi;
    }
}
