package dev.esim.provider;

import java.time.Instant;
import java.util.Objects;

/**
 * An issued eSIM profile. {@code lpa} and {@code activationCode} are credentials: {@link #toString()} redacts them so
 * that a logged record never leaks them.
 *
 * @param lpa       the whole LPA string ({@code LPA:1$<smdp>$<activation code>}), what a QR code encodes
 * @param validFrom null when validity only starts at first use
 * @param expiresAt null when the provider does not say
 */
public record ProvisionedLine(String iccid, String lpa, String smdpAddress, String activationCode,
                              Instant validFrom, Instant expiresAt) {
    public ProvisionedLine {
        Objects.requireNonNull(iccid, "iccid");
        Objects.requireNonNull(lpa, "lpa");
    }

    /** Splits an {@code LPA:1$smdp$code} string, for providers that only send the whole string. */
    public static ProvisionedLine fromLpa(String iccid, String lpa, Instant validFrom, Instant expiresAt) {
        String[] parts = lpa.split("\\$", -1);
        String smdp = parts.length > 1 ? parts[1] : null;
        String code = parts.length > 2 ? parts[2] : null;
        return new ProvisionedLine(iccid, lpa, smdp, code, validFrom, expiresAt);
    }

    @Override
    public String toString() {
        return "ProvisionedLine[iccid=" + iccid + ", lpa=<redacted>, smdpAddress=" + smdpAddress
                + ", activationCode=<redacted>, validFrom=" + validFrom + ", expiresAt=" + expiresAt + "]";
    }
}
