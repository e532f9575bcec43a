package dev.esim.provider;

import java.time.Instant;

/**
 * @param dataAddedMb null when the provider only reports the new total (eSIM Access)
 * @param validUntil  null when the provider does not say
 */
public record TopUpResult(String topUpId, String iccid, String sku, Long dataAddedMb, Instant validUntil) {
}
