package dev.esim.sandbox.gateway;

import com.stripe.net.Webhook;
import java.security.GeneralSecurityException;
import java.time.Instant;

/**
 * The {@code Stripe-Signature} header for a payload, {@code t=<unix seconds>,v1=<hex HMAC-SHA256>} over
 * {@code t + "." + payload}, made by stripe-java's own {@link Webhook.Signature#generateSignatureHeader} (the key is
 * the whole {@code whsec_…} string as UTF-8 bytes; Stripe does not base64-decode its webhook secrets).
 */
public final class StripeSigner {

    private StripeSigner() {
    }

    /** The header value for {@code payload} signed now. */
    public static String header(String payload, String secret) {
        return header(payload, secret, Instant.now());
    }

    /** The header value for {@code payload} signed at {@code time} (use a past time to test staleness checks). */
    public static String header(String payload, String secret, Instant time) {
        try {
            return Webhook.Signature.generateSignatureHeader(payload, secret, time.getEpochSecond());
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is mandatory in every JRE and any byte string is a valid HMAC key
            throw new IllegalStateException(e);
        }
    }
}
