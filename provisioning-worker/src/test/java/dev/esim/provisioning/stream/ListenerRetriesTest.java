package dev.esim.provisioning.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.esim.provisioning.order.RecordPosition;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ListenerRetriesTest {

    private final RecordPosition input = new RecordPosition("esim.payments.v1", 2, 41);

    @Test
    void backsOffExponentiallyUpToTheCapThenGivesUp() {
        ListenerRetries retries = new ListenerRetries(4, Duration.ofMillis(500), 2.0, Duration.ofSeconds(1));

        assertThat(retries.failed(input)).isEqualTo(Duration.ofMillis(500));
        assertThat(retries.failed(input)).isEqualTo(Duration.ofSeconds(1));
        assertThat(retries.failed(input)).isEqualTo(Duration.ofSeconds(1));
        assertThat(retries.failed(input)).isEqualTo(Duration.ofSeconds(1));
        assertThat(retries.failed(input)).as("the fifth failure: no retry left").isNull();
        assertThat(retries.failed(input)).as("counting starts again for a new life of the input")
                .isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void countsEachInputOnItsOwnAndForgetsOneThatSucceeded() {
        ListenerRetries retries = new ListenerRetries(1, Duration.ofMillis(100), 3.0, Duration.ofSeconds(10));
        RecordPosition other = new RecordPosition("esim.payments.v1", 2, 42);

        assertThat(retries.failed(input)).isEqualTo(Duration.ofMillis(100));
        assertThat(retries.failed(other)).isEqualTo(Duration.ofMillis(100));
        retries.done(input);

        assertThat(retries.failed(input)).isEqualTo(Duration.ofMillis(100));
        assertThat(retries.failed(other)).isNull();
    }

    @Test
    void zeroRetriesDeadLettersAtTheFirstFailure() {
        assertThat(new ListenerRetries(0, Duration.ZERO, 1, Duration.ZERO).failed(input)).isNull();
    }

    @Test
    void refusesABackOffThatCannotWork() {
        assertThatThrownBy(() -> new ListenerRetries(-1, Duration.ZERO, 2, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ListenerRetries(3, Duration.ofSeconds(2), 2, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
