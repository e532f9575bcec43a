package dev.esim.provider.resilience;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LongSummaryStatistics;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class FullJitterBackoffTest {

    @Test
    void capDoublesPerRetryUpToTheMaximum() {
        FullJitterBackoff backoff = new FullJitterBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), b -> b);

        assertThat(IntStream.rangeClosed(1, 7).mapToLong(backoff::capMillis).toArray())
                .containsExactly(200, 400, 800, 1600, 3200, 5000, 5000);
        assertThat(backoff.capMillis(1000)).isEqualTo(5000);
    }

    @Test
    void spreadsDelaysOverTheWholeIntervalFromZeroToTheCap() {
        Random random = new Random(42);
        FullJitterBackoff backoff = new FullJitterBackoff(Duration.ofMillis(100), Duration.ofSeconds(10),
                bound -> random.nextLong(bound + 1));

        LongSummaryStatistics third = IntStream.range(0, 2000).mapToLong(i -> backoff.delayMillis(3))
                .summaryStatistics();

        // full jitter: uniform on [0, 400], not clustered around 400 like "exponential ± 50 %"
        assertThat(third.getMin()).isGreaterThanOrEqualTo(0).isLessThan(40);
        assertThat(third.getMax()).isLessThanOrEqualTo(400).isGreaterThan(360);
        assertThat(third.getAverage()).isBetween(180.0, 220.0);
    }
}
