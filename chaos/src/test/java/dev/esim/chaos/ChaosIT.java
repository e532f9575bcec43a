package dev.esim.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The chaos tool at the size CI affords: a couple of hundred orders, every fault kind at least once, a full replay
 * and ten thousand hostile requests — the same code and the same checks as the 10,000-order run of {@code bin/chaos}.
 */
class ChaosIT {

    @Test
    void everyPromiseHoldsWhileEverythingFails() {
        StringWriter out = new StringWriter();
        PrintWriter both = new PrintWriter(new Tee(out), true); // the phases show in the build log as they pass
        int exit = new CommandLine(new Chaos()).setOut(both).setErr(both)
                .execute("--root", System.getProperty("chaos.root"),
                        "--data-dir", System.getProperty("chaos.data-dir"),
                        "--orders", System.getProperty("chaos.orders", "200"),
                        "--rate", System.getProperty("chaos.rate", "1.3"),
                        "--hostile-requests", System.getProperty("chaos.hostile-requests", "10000"),
                        "--slow-connections", "20",
                        "--fault-window", System.getProperty("chaos.fault-window", "PT6S"),
                        "--fault-pause", "PT2S",
                        "--max-redelivery-delay", "PT20S",
                        // the crash-window resend sooner than production's 5 min (still above the SMTP timeouts)
                        "--notification-resend-after", "PT90S",
                        "--settle", "PT10M");

        assertThat(out.toString()).contains("faults injected (").contains("violations per promise:");
        assertThat(exit).as("chaos exit code; its report:%n%s", out).isZero();
        assertThat(out.toString()).contains("violations: 0 — every promise held");
    }

    /** Keeps what is written and copies it to standard out. */
    private static final class Tee extends Writer {
        private final StringWriter kept;

        Tee(StringWriter kept) {
            this.kept = kept;
        }

        @Override
        public void write(char[] buffer, int offset, int length) {
            kept.write(buffer, offset, length);
            System.out.print(new String(buffer, offset, length));
        }

        @Override
        public void flush() {
            System.out.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
