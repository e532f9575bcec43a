package dev.esim.catalog.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The support console's sessions, kept by nobody but the browser: the cookie holds the operator's name and the
 * session's expiry, signed with an HMAC under a configured secret ({@code esim.catalog.support.session-secret}), never
 * the operator's token. Form tokens against cross-site requests (CSRF) are an HMAC of the session's cookie, so they
 * change with every sign-in and are worthless without the session they belong to. Spring-free.
 */
final class SupportSessions {

    /** The cookie's name. */
    static final String COOKIE = "esim_support";

    private static final String ALGORITHM = "HmacSHA256";
    private static final String VERSION = "v1";
    private static final int MAX_COOKIE = 1_000;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /** A valid session: who signed in, until when, and the cookie's value it was read from. */
    record Session(String operator, Instant expiresAt, String value) {
    }

    private final SecretKeySpec key;
    private final Duration lifetime;
    private final Clock clock;

    SupportSessions(String secret, Duration lifetime, Clock clock) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("the support session secret must be at least 16 characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.lifetime = lifetime;
        this.clock = clock;
    }

    Duration lifetime() {
        return lifetime;
    }

    /** A new session for the operator: the cookie's value ({@code v1.<name>.<expiry>.<mac>}, URL-safe). */
    String open(String operator) {
        String name = B64.encodeToString(operator.getBytes(StandardCharsets.UTF_8));
        String expiry = Long.toString(clock.instant().plus(lifetime).getEpochSecond());
        String signed = VERSION + "." + name + "." + expiry;
        return signed + "." + B64.encodeToString(mac("session|" + signed));
    }

    /** The session this cookie value holds, if it is ours, untampered and not expired. */
    Optional<Session> verify(String value) {
        if (value == null || value.length() > MAX_COOKIE) {
            return Optional.empty();
        }
        String[] parts = value.split("\\.", -1);
        if (parts.length != 4 || !VERSION.equals(parts[0])) {
            return Optional.empty();
        }
        String signed = parts[0] + "." + parts[1] + "." + parts[2];
        if (!equal(mac("session|" + signed), parts[3])) {
            return Optional.empty();
        }
        try {
            Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(parts[2]));
            if (!clock.instant().isBefore(expiresAt)) {
                return Optional.empty();
            }
            String operator = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            return Optional.of(new Session(operator, expiresAt, value));
        } catch (IllegalArgumentException | java.time.DateTimeException malformed) {
            return Optional.empty();
        }
    }

    /** The form token of this session. */
    String csrf(Session session) {
        return B64.encodeToString(Arrays.copyOf(mac("csrf|" + session.value()), 16));
    }

    /** Constant-time: whether a form carried this session's token. */
    boolean csrfMatches(Session session, String presented) {
        return presented != null && MessageDigest.isEqual(csrf(session).getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean equal(byte[] expected, String presented) {
        try {
            return MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(presented));
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    private byte[] mac(String message) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }
}
