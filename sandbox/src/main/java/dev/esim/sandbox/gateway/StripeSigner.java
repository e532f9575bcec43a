package dev.esim.sandbox.gateway;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Produces the {@code Stripe-Signature} header exactly as Stripe does: {@code t=<unix seconds>,v1=<hex HMAC-SHA256>}
 * over {@code t + "." + payload}, keyed with the whole {@code whsec_…} string as UTF-8 bytes (Stripe does not
 * base64-decode its webhook secrets, unlike Svix-style schemes).
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
        long t = time.getEpochSecond();
        return "t=" + t + ",v1=" + signature(payload, secret, t);
    }

    /** The hex {@code v1} signature alone. */
    public static String signature(String payload, String secret, long timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // HmacSHA256 is mandatory in every JRE and any byte string is a valid HMAC key
            throw new IllegalStateException(e);
        }
    }
}
