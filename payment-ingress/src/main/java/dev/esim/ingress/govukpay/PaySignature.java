package dev.esim.ingress.govukpay;

import dev.esim.ingress.event.WebhookRejected;
import dev.esim.ingress.event.WebhookRejected.Reason;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GOV.UK Pay's {@code Pay-Signature}: the lower-case hex HMAC-SHA256 of the raw body, keyed with the webhook's
 * signing secret (UTF-8). The scheme signs no timestamp, so there is no replay window to check; a replay is harmless
 * because its event id is derived from the message's natural key and consumers drop the copy.
 *
 * <p>Every configured secret is tried, so a secret can be rotated without downtime (old and new configured while
 * GOV.UK Pay switches). Digests are compared as bytes in constant time, and every secret is tried even after a
 * match, so the answer's timing does not tell which secret (or how much of a digest) matched.
 */
final class PaySignature {

    private static final int DIGEST_HEX_LENGTH = 64;

    private final List<SecretKeySpec> keys;

    PaySignature(List<String> secrets) {
        if (secrets.isEmpty() || secrets.stream().anyMatch(s -> s == null || s.isBlank())) {
            throw new IllegalArgumentException("at least one non-blank GOV.UK Pay webhook secret is required");
        }
        this.keys = secrets.stream()
                .map(secret -> new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
                .toList();
    }

    void verify(byte[] body, String header) {
        if (header == null || header.isBlank()) {
            throw new WebhookRejected(Reason.SIGNATURE_INVALID, "Missing " + GovukPayWebhook.SIGNATURE_HEADER
                    + " header");
        }
        byte[] presented = decode(header.strip());
        if (presented == null) {
            throw new WebhookRejected(Reason.SIGNATURE_INVALID, "Malformed " + GovukPayWebhook.SIGNATURE_HEADER
                    + " header");
        }
        boolean matched = false;
        for (SecretKeySpec key : keys) {
            matched |= MessageDigest.isEqual(hmac(key, body), presented);
        }
        if (!matched) {
            throw new WebhookRejected(Reason.SIGNATURE_INVALID, "No signature matches a configured secret");
        }
    }

    private static byte[] decode(String hex) {
        if (hex.length() != DIGEST_HEX_LENGTH) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] hmac(SecretKeySpec key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is mandatory in every JRE", e);
        }
    }
}
