package dev.esim.catalog.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SupportSessionsTest {

    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private final SupportSessions sessions = at(NOW);

    private static SupportSessions at(Instant now) {
        return new SupportSessions("a-session-secret-for-tests", Duration.ofHours(8), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aSessionNamesItsOperatorUntilItExpiresAndHoldsNoToken() {
        String cookie = sessions.open("alice");

        SupportSessions.Session session = sessions.verify(cookie).orElseThrow();
        assertThat(session.operator()).isEqualTo("alice");
        assertThat(session.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(8)));
        assertThat(at(NOW.plus(Duration.ofHours(8)).minusSeconds(1)).verify(cookie)).isPresent();
        assertThat(at(NOW.plus(Duration.ofHours(8))).verify(cookie)).isEmpty();
    }

    @Test
    void aTamperedOrForeignCookieIsRefused() {
        String cookie = sessions.open("viewer");
        String[] parts = cookie.split("\\.");
        String renamed = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("alice".getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2] + "."
                + parts[3];
        String extended = parts[0] + "." + parts[1] + "." + (Long.parseLong(parts[2]) + 86_400) + "." + parts[3];

        assertThat(sessions.verify(renamed)).isEmpty();
        assertThat(sessions.verify(extended)).isEmpty();
        assertThat(sessions.verify(cookie + "x")).isEmpty();
        assertThat(sessions.verify("garbage")).isEmpty();
        assertThat(sessions.verify(null)).isEmpty();
        assertThat(new SupportSessions("another-secret-entirely", Duration.ofHours(8),
                Clock.fixed(NOW, ZoneOffset.UTC)).verify(cookie)).isEmpty();
    }

    @Test
    void theFormTokenBelongsToOneSession() {
        SupportSessions.Session first = sessions.verify(sessions.open("alice")).orElseThrow();
        SupportSessions.Session later = at(NOW.plusSeconds(60)).verify(at(NOW.plusSeconds(60)).open("alice"))
                .orElseThrow();

        assertThat(sessions.csrfMatches(first, sessions.csrf(first))).isTrue();
        assertThat(sessions.csrfMatches(first, sessions.csrf(later))).isFalse();
        assertThat(sessions.csrfMatches(first, null)).isFalse();
        assertThat(sessions.csrfMatches(first, "")).isFalse();
    }

    @Test
    void aShortSecretIsRefused() {
        assertThatThrownBy(() -> new SupportSessions("short", Duration.ofHours(8), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
