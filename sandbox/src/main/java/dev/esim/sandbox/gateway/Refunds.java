package dev.esim.sandbox.gateway;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /v1/refunds}: a refund of a successful, undisputed charge — found by {@code payment_intent} or
 * {@code charge} — for all that is left or {@code amount} of it, with Stripe's refusals and messages; then
 * {@code charge.refunded} and {@code refund.updated}, carrying the API call that caused them.
 */
final class Refunds {

    private final Clock clock;
    private final LedgerState state;
    private final PaymentIntents payments;
    private final EventLog events;

    Refunds(Clock clock, LedgerState state, PaymentIntents payments, EventLog events) {
        this.clock = clock;
        this.state = state;
        this.payments = payments;
        this.events = events;
    }

    RefundState refund(StripeParams p, String requestId, String idempotencyKey) {
        synchronized (state) {
            ChargeState charge = refundableCharge(p);
            long amount = amount(p, charge);
            String reason = reason(p);
            long before = charge.amountRefunded();
            ChargeState refundedCharge = charge.withRefunded(amount);
            state.put(refundedCharge);
            RefundState refund = new RefundState(StripeJson.id("re_"), clock.instant().getEpochSecond(), amount,
                    charge.currency(), charge.id(), charge.paymentIntentId(), p.metadata("metadata"), reason,
                    "succeeded");
            state.add(refund);
            Map<String, Object> request = StripeObjects.obj("id", requestId, "idempotency_key", idempotencyKey);
            events.send(List.of(
                    events.emit("charge.refunded", StripeObjects.charge(refundedCharge), request,
                            StripeObjects.obj("amount_refunded", before, "refunded", false)),
                    events.emit("refund.updated", StripeObjects.refund(refund), request,
                            StripeObjects.obj("status", "pending"))));
            return refund;
        }
    }

    /** The charge {@code payment_intent} or {@code charge} names, if it succeeded, is undisputed and has money left. */
    private ChargeState refundableCharge(StripeParams p) {
        ChargeState charge = namedCharge(p);
        if (!"succeeded".equals(charge.status())) {
            throw StripeApiException.invalid("charge_not_refundable", "charge",
                    "Charge " + charge.id() + " has not succeeded and cannot be refunded.");
        }
        if (state.disputed(charge.id())) {
            throw StripeApiException.invalid("charge_disputed", null,
                    "Charge " + charge.id() + " has been charged back; refund the dispute instead.");
        }
        if (charge.refundable() == 0) {
            throw StripeApiException.invalid("charge_already_refunded", null,
                    "Charge " + charge.id() + " has already been refunded.");
        }
        return charge;
    }

    private ChargeState namedCharge(StripeParams p) {
        String piId = p.string("payment_intent");
        String chargeId = p.string("charge");
        if (piId != null) {
            PaymentIntentState pi = payments.paymentIntent(piId);
            if (!"succeeded".equals(pi.status())) {
                throw StripeApiException.invalid("charge_not_refundable", "payment_intent",
                        "This PaymentIntent (" + piId + ") does not have a successful charge to refund.");
            }
            return state.charge(pi.latestChargeId());
        }
        if (chargeId != null) {
            ChargeState charge = state.charge(chargeId);
            if (charge == null) {
                throw StripeApiException.noSuch("charge", "charge", chargeId);
            }
            return charge;
        }
        throw StripeApiException.invalid("parameter_missing", null,
                "One of the following params should be provided for this request: payment_intent or charge.");
    }

    /** {@code amount}, or all that is left; at least 1 and no more than is left. */
    private static long amount(StripeParams p, ChargeState charge) {
        Long requested = p.integer("amount");
        long amount = requested == null ? charge.refundable() : requested;
        if (amount < 1) {
            throw StripeApiException.invalid("parameter_invalid_integer", "amount",
                    "Invalid positive integer");
        }
        if (amount > charge.refundable()) {
            throw StripeApiException.invalid("amount_too_large", "amount",
                    "Refund amount (" + money(amount, charge.currency()) + ") is greater than unrefunded amount on"
                            + " charge (" + money(charge.refundable(), charge.currency()) + ")");
        }
        return amount;
    }

    private static String reason(StripeParams p) {
        String reason = p.string("reason");
        if (reason != null && !List.of("duplicate", "fraudulent", "requested_by_customer").contains(reason)) {
            throw StripeApiException.invalid("parameter_invalid_string", "reason", "Invalid reason: " + reason);
        }
        return reason;
    }

    /** {@code 1499, "eur"} → {@code 14.99 EUR}, as Stripe's messages write amounts. */
    static String money(long minor, String currency) {
        Currency c = Currency.getInstance(currency.toUpperCase(Locale.ROOT));
        int digits = Math.max(0, c.getDefaultFractionDigits());
        return BigDecimal.valueOf(minor, digits).toPlainString() + " " + c.getCurrencyCode();
    }
}
