package dev.esim.provisioning.order;

import dev.esim.provider.Money;
import java.time.Instant;
import java.util.Objects;

/**
 * An event the worker publishes on {@code esim.activations.v1}. Ids are derived from the cause so that publishing the
 * same outcome again (after a crash, an abort or a replay) yields the very same event id.
 *
 * <p>{@link ActivationReady#lpa()} is plaintext here; the messaging adapter encrypts it with the event id as associated
 * data before it leaves the worker.
 */
public record Outcome(String eventId, String orderId, String causationId, Instant occurredAt, Body body) {

    public Outcome {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(causationId, "causationId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(body, "body");
    }

    public sealed interface Body {
    }

    public record ActivationReady(String provider, String iccid, String lpa, PlanSpec plan, Instant validFrom,
                                  Instant validUntil) implements Body {
        @Override
        public String toString() {
            return "ActivationReady[provider=" + provider + ", iccid=" + iccid + ", lpa=<redacted>, plan=" + plan + "]";
        }
    }

    /**
     * @param reasonCode {@code out_of_stock}, {@code insufficient_balance}, {@code provider_rejected},
     *                   {@code provider_failed}
     */
    public record ProvisioningFailed(String reasonCode, String provider, String detail) implements Body {
    }

    /**
     * A paid line waits for its provider and is retried by itself until {@code retryUntil}.
     *
     * @param reasonCode {@code insufficient_balance}, {@code provider_unavailable}
     */
    public record ProvisioningDelayed(String reasonCode, String provider, String detail, Instant retryUntil)
            implements Body {
    }

    public record TopUpApplied(String provider, String iccid, String sku, long dataAddedMb, Instant validUntil)
            implements Body {
    }

    public record LineCancelled(String provider, String iccid, boolean providerRefunded) implements Body {
    }

    public record ProviderBalanceLow(String provider, Money balance, Money threshold) implements Body {
    }

    /** The outcome's type name, used to derive its id: {@code EventIds.derive(cause, type)}. */
    public static String typeOf(Class<? extends Body> type) {
        return type.getSimpleName();
    }
}
