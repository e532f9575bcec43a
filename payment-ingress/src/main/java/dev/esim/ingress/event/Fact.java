package dev.esim.ingress.event;

import java.time.Instant;
import java.util.Objects;

/**
 * What a verified webhook tells us, independent of the gateway's wire format and of our Avro schemas. Payment facts
 * go to the payments topic, provider facts to the provider-events topic.
 */
public sealed interface Fact {

    /** Facts from a payment gateway. */
    sealed interface PaymentFact extends Fact {
    }

    /** Facts from an eSIM provider. */
    sealed interface ProviderFact extends Fact {
    }

    record PaymentSucceeded(Money amount, String checkoutSessionId, String paymentIntentId) implements PaymentFact {
        public PaymentSucceeded {
            Objects.requireNonNull(amount, "amount");
        }
    }

    record PaymentFailed(String reason, String checkoutSessionId, String paymentIntentId) implements PaymentFact {
        public PaymentFailed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    record RefundSucceeded(String refundId, Money amount, String paymentIntentId) implements PaymentFact {
        public RefundSucceeded {
            Objects.requireNonNull(refundId, "refundId");
            Objects.requireNonNull(amount, "amount");
        }
    }

    enum DisputeOutcome { OPENED, WON, LOST }

    /**
     * The payer's bank disputed the payment (a chargeback): opened, then won (the money stays) or lost (the disputed
     * amount went back to the payer for good).
     */
    record PaymentDisputed(String disputeId, DisputeOutcome outcome, Money amount, String reason,
                           String paymentIntentId) implements PaymentFact {
        public PaymentDisputed {
            Objects.requireNonNull(disputeId, "disputeId");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The LPA string is plaintext here only until the publishing adapter encrypts it; never printed. */
    record ActivationReady(String providerOrderId, String iccid, String lpa, Instant validFrom, Instant expiresAt)
            implements ProviderFact {
        public ActivationReady {
            Objects.requireNonNull(providerOrderId, "providerOrderId");
            Objects.requireNonNull(iccid, "iccid");
            Objects.requireNonNull(lpa, "lpa");
        }

        @Override
        public String toString() {
            return "ActivationReady[providerOrderId=" + providerOrderId + ", iccid=" + iccid
                    + ", lpa=<redacted>, validFrom=" + validFrom + ", expiresAt=" + expiresAt + "]";
        }
    }

    record ProviderOrderFailed(String providerOrderId, String reason) implements ProviderFact {
        public ProviderOrderFailed {
            Objects.requireNonNull(providerOrderId, "providerOrderId");
            Objects.requireNonNull(reason, "reason");
        }
    }

    enum AlertKind { USAGE_THRESHOLD, EXPIRING }

    record LineAlert(String iccid, AlertKind kind, Long usedMb, Long remainingMb, Instant expiresAt)
            implements ProviderFact {
        public LineAlert {
            Objects.requireNonNull(iccid, "iccid");
            Objects.requireNonNull(kind, "kind");
        }
    }
}
