package dev.esim.sandbox.govukpay;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GOV.UK Pay's {@code Pay-Signature}: the lower-case hex HMAC-SHA256 of the raw message body, keyed with the webhook's
 * signing secret (both UTF-8). There is no timestamp in it, so a receiver cannot reject a replayed message by age and
 * must dedupe by content. Public so other modules' tests can sign messages the way the stand-in does.
 */
public final class PaySignature {

    public static final String HEADER = "Pay-Signature";

    private PaySignature() {
    }

    public static String of(String body, String signingSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
