package dev.esim.sandbox.provider;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code Simology-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + rawBody)>}, as the real provider
 * signs. Given a comma-separated list of secrets (a rotation in progress) it adds one {@code v1=} per secret, as the
 * provider does during a rotation.
 */
final class WebhookSigner {

    static final String HEADER = "Simology-Signature";

    private final List<byte[]> secrets;

    WebhookSigner(String commaSeparatedSecrets) {
        this.secrets = Arrays.stream(commaSeparatedSecrets.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(s -> s.getBytes(StandardCharsets.UTF_8))
                .toList();
    }

    String header(long unixSeconds, String rawBody) {
        StringBuilder header = new StringBuilder("t=").append(unixSeconds);
        for (byte[] secret : secrets) {
            header.append(",v1=").append(hmacHex(secret, unixSeconds + "." + rawBody));
        }
        return header.toString();
    }

    private static String hmacHex(byte[] secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
