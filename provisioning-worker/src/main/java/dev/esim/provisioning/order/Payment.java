package dev.esim.provisioning.order;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An amount paid (or to be paid) in one checkout session. An order carries the payment it expects; a gateway event
 * carries the payment it reports. Only a payment that matches its order in all three may provision it.
 *
 * @param checkoutSessionId null when the gateway event does not name the session (e.g. {@code payment_intent.*})
 */
public record Payment(long amountMinor, String currency, String checkoutSessionId) {

    public Payment {
        Objects.requireNonNull(currency, "currency");
        currency = currency.toUpperCase(Locale.ROOT);
    }

    /** How a reported payment relates to the payment its order expects. */
    public enum Verdict {
        /** Same session, same amount, same currency: provisions. */
        MATCHES,
        /** The event does not name its checkout session, so it proves nothing about this order; the session's own
         *  event decides. */
        UNVERIFIABLE,
        /** Another session, another amount or another currency: never provisions, and the money goes back. */
        MISMATCH
    }

    /** Judges {@code reported} against this expected payment; the reason names what differs. */
    public Judgement judge(Payment reported) {
        if (reported.checkoutSessionId() == null) {
            return new Judgement(Verdict.UNVERIFIABLE, Optional.empty());
        }
        if (!reported.checkoutSessionId().equals(checkoutSessionId)) {
            return mismatch("paid in checkout session " + reported.checkoutSessionId() + ", the order's is "
                    + checkoutSessionId);
        }
        if (!reported.currency().equals(currency)) {
            return mismatch("paid in " + reported.currency() + ", the order is priced in " + currency);
        }
        if (reported.amountMinor() != amountMinor) {
            return mismatch("paid " + reported.amountMinor() + " minor units of " + currency + ", the order costs "
                    + amountMinor);
        }
        return new Judgement(Verdict.MATCHES, Optional.empty());
    }

    private static Judgement mismatch(String reason) {
        return new Judgement(Verdict.MISMATCH, Optional.of(reason));
    }

    public record Judgement(Verdict verdict, Optional<String> reason) {
    }
}
