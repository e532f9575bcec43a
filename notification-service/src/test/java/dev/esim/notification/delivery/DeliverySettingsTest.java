package dev.esim.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DeliverySettingsTest {

    final DeliverySettings settings = new DeliverySettings("d", 10, Duration.ofSeconds(2), Duration.ofMinutes(5),
            Duration.ofMinutes(5), Duration.ofDays(3));

    @Test
    void backOffDoublesPerAttemptUpToTheCap() {
        assertThat(settings.backoff(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.backoff(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(settings.backoff(5)).isEqualTo(Duration.ofSeconds(32));
        assertThat(settings.backoff(9)).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.backoff(500)).isEqualTo(Duration.ofMinutes(5));
    }
}
