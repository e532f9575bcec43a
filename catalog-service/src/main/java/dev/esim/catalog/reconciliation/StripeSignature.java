package dev.esim.catalog.reconciliation;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stripe's webhook signature, {@code Stripe-Signature: t=<unix s>,v1=<hex HMAC-SHA256(secret, t + "." + body)>},
 * as Stripe documents it ("Verify signatures manually"). stripe-java only verifies; it has no public signer.
 */
final class StripeSignature {

    private StripeSignature() {
    }

    static String header(String payload, String secret, Instant signedAt) {
        long t = signedAt.getEpochSecond();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((t + "." + payload).getBytes(StandardCharsets.UTF_8));
            return "t=" + t + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JRE", e);
        }
    }
}
