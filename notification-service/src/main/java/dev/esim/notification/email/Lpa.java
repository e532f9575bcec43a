package dev.esim.notification.email;

/**
 * An eSIM activation string as defined by GSMA SGP.22: {@code LPA:1$<SM-DP+ address>$<activation code>}, optionally
 * followed by further {@code $}-separated fields (SM-DP+ OID, confirmation-code flag) that we carry through untouched.
 */
public final class Lpa {

    private final String value;
    private final String smdpAddress;
    private final String activationCode;

    private Lpa(String value, String smdpAddress, String activationCode) {
        this.value = value;
        this.smdpAddress = smdpAddress;
        this.activationCode = activationCode;
    }

    /** @throws IllegalArgumentException (without echoing the input, which is secret) if it is not an LPA string */
    public static Lpa parse(String value) {
        if (value == null || !value.startsWith("LPA:1$")) {
            throw new IllegalArgumentException("Not an LPA activation string (expected 'LPA:1$<SM-DP+>$<code>')");
        }
        String[] parts = value.substring("LPA:".length()).split("\\$", -1);
        if (parts.length < 3 || parts[1].isBlank() || parts[2].isBlank()) {
            throw new IllegalArgumentException("LPA activation string lacks the SM-DP+ address or activation code");
        }
        return new Lpa(value, parts[1], parts[2]);
    }

    /** The whole string, as the QR code encodes it. */
    public String value() {
        return value;
    }

    public String smdpAddress() {
        return smdpAddress;
    }

    public String activationCode() {
        return activationCode;
    }

    /** Redacted: this object must be safe to hand to a logger by mistake. */
    @Override
    public String toString() {
        return "Lpa[redacted]";
    }
}
