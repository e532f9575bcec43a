package dev.esim.provider.esimaccess;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * eSIM Access request signing: {@code RT-Signature = hex(HMAC-SHA256(secretKey, RT-Timestamp + RT-RequestID +
 * RT-AccessCode + requestBody))}, concatenated without separators, over the exact body bytes sent. The docs' Java
 * sample lower-cases the hex while their worked example prints it upper-case; we send lower case and compare
 * case-insensitively. Public so that a simulator (or a webhook receiver) can verify with the same code.
 */
public final class EsimAccessSignature {

    private EsimAccessSignature() {
    }

    public static String sign(String secretKey, String timestamp, String requestId, String accessCode, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] sig = mac.doFinal((timestamp + requestId + accessCode + (body == null ? "" : body))
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is mandatory in every JRE", e);
        }
    }

    /** Constant-time, case-insensitive comparison against a freshly computed signature. */
    public static boolean verify(String signature, String secretKey, String timestamp, String requestId,
                                 String accessCode, String body) {
        if (signature == null) {
            return false;
        }
        String expected = sign(secretKey, timestamp, requestId, accessCode, body);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }
}
