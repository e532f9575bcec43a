package dev.esim.sandbox.provider;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateWindowTest {

    private static final long MS = 1_000_000L;

    @Test
    void countsOnlyArrivalsOfTheLastSecond() {
        RateWindow window = new RateWindow();

        window.record(0);
        window.record(400 * MS);
        int atPeak = window.record(900 * MS);

        assertThat(atPeak).isEqualTo(3);
        assertThat(window.count(1_000 * MS)).isEqualTo(2);
        assertThat(window.count(1_900 * MS)).isZero();
    }

    @Test
    void tellsHowLongUntilASlotFreesRoundedUpToWholeSeconds() {
        RateWindow window = new RateWindow();
        window.record(0);

        assertThat(window.secondsUntilSlotFrees(100 * MS)).isEqualTo(1);
        assertThat(window.secondsUntilSlotFrees(999 * MS)).isEqualTo(1);
    }
}
