package dev.esim.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private final AtomicLong now = new AtomicLong();
    private final StringWriter err = new StringWriter();
    private final Progress progress = new Progress(new PrintWriter(err), "scanning t", 10_000, now::get);

    @Test
    void showsPercentRateAndEta() {
        String line = progress.line(2_500, Duration.ofSeconds(5).toNanos());

        assertThat(line).contains("scanning t", "25%", "2,500/10,000", "500 rec/s", "ETA 0:15");
    }

    @Test
    void staysQuietDuringTheFirstSecondThenRedrawsOnOneLine() {
        progress.update(100);
        assertThat(err.toString()).isEmpty();

        now.set(Duration.ofMillis(1500).toNanos());
        progress.update(5_000);
        now.set(Duration.ofMillis(1600).toNanos());
        progress.update(5_100);
        progress.finish();

        assertThat(err.toString()).startsWith("\r").contains("50%").doesNotContain("51%")
                .endsWith(System.lineSeparator());
    }
}
