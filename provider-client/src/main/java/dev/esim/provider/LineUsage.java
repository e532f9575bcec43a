package dev.esim.provider;

import java.time.Instant;

/**
 * Data used on a line. Providers report usage with a delay (eSIM Access: 2–3 hours).
 *
 * @param validUntil null when the provider does not say
 */
public record LineUsage(String iccid, LineStatus status, boolean installed, long usedMb, long remainingMb,
                        Instant validUntil) {

    public enum LineStatus { READY, ACTIVE, DEPLETED, SUSPENDED, EXPIRED, CANCELLED, UNKNOWN }
}
