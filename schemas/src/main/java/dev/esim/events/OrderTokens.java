package dev.esim.events;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The order-scoped token that lets whoever holds it read one order and its lines: returned at checkout, put in the
 * e-mail's order link. It is an HMAC of the order id under a secret catalog-service and notification-service share
 * ({@code ORDER_LINK_SECRET}), so neither stores it and nobody can derive another order's token from an order id
 * they know. 128 bits, URL-safe base64 (22 characters).
 */
public final class OrderTokens {

    /** The published sandbox secret (README); refused in live mode. */
    public static final String SANDBOX_SECRET = "olsec_sandbox_local_only";

    private static final String ALGORITHM = "HmacSHA256";
    private static final int BYTES = 16;

    private final SecretKeySpec key;

    public OrderTokens(String secret) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("the order link secret must be at least 16 characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    public String token(String orderId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(orderId));
    }

    /** Constant-time: how much of a guess was right never shows in the time to answer. */
    public boolean matches(String orderId, String token) {
        if (token == null) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        return MessageDigest.isEqual(mac(orderId), given);
    }

    private byte[] mac(String orderId) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return Arrays.copyOf(mac.doFinal(("order:" + orderId).getBytes(StandardCharsets.UTF_8)), BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }
}
