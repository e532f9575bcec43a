package dev.esim.notification.email;

import java.time.Instant;

/**
 * What we tell the traveller, one kind per template. Holds no secret: the activation string and the address are
 * kept encrypted until the moment of sending and handed to the renderer separately.
 */
public sealed interface Notice {

    Template template();

    /** Their eSIM is ready: QR code, manual-entry details, instructions. */
    record ActivationReady(String iccid, Plan plan, Instant validFrom, Instant validUntil) implements Notice {
        @Override
        public Template template() {
            return Template.ACTIVATION_READY;
        }
    }

    /** We could not issue the eSIM. {@code reasonCode} picks a plain explanation; provider details never reach them. */
    record ProvisioningFailed(String reasonCode, String planName) implements Notice {
        @Override
        public Template template() {
            return Template.PROVISIONING_FAILED;
        }
    }

    record TopUpApplied(String iccid, String planName, long dataAddedMb, Instant validUntil) implements Notice {
        @Override
        public Template template() {
            return Template.TOP_UP_APPLIED;
        }
    }

    record LineCancelled(String iccid, boolean refundExpected) implements Notice {
        @Override
        public Template template() {
            return Template.LINE_CANCELLED;
        }
    }

    record RefundSucceeded(long amountMinor, String currency, String planName) implements Notice {
        @Override
        public Template template() {
            return Template.REFUND_SUCCEEDED;
        }
    }

    /** The line has used {@code percent} of its data (80 or 100); a top-up link goes with it. */
    record LineUsage(String iccid, int percent, long remainingMb, String planName) implements Notice {
        @Override
        public Template template() {
            return Template.LINE_USAGE;
        }
    }

    /** The line's validity ends soon. */
    record LineExpiring(String iccid, Instant expiresAt, String planName) implements Notice {
        @Override
        public Template template() {
            return Template.LINE_EXPIRING;
        }
    }
}
