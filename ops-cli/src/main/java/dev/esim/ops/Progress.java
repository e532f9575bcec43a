package dev.esim.ops;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on stderr ({@code \r}-rewritten) with rate and ETA, drawn only on a terminal (a script's
 * or a pipe's stderr gets none of it). Silent for the first second, so short runs stay clean; redrawn at most five
 * times a second.
 */
final class Progress {

    private static final long QUIET_NANOS = Duration.ofSeconds(1).toNanos();
    private static final long REDRAW_NANOS = Duration.ofMillis(200).toNanos();
    private static final int WIDTH = 24;

    private final PrintWriter err;
    private final String label;
    private final long total;
    private final LongSupplier nanoTime;
    private final long startedAt;
    private final boolean enabled;
    private long drawnAt;
    private boolean drawn;

    Progress(PrintWriter err, String label, long total, LongSupplier nanoTime) {
        this(err, label, total, nanoTime, true);
    }

    private Progress(PrintWriter err, String label, long total, LongSupplier nanoTime, boolean enabled) {
        this.enabled = enabled;
        this.err = err;
        this.label = label;
        this.total = total;
        this.nanoTime = nanoTime;
        this.startedAt = nanoTime.getAsLong();
    }

    static Progress onStderr(PrintWriter err, String label, long total) {
        return new Progress(err, label, total, System::nanoTime, System.console() != null);
    }

    void update(long done) {
        if (!enabled) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (now - startedAt < QUIET_NANOS || drawn && now - drawnAt < REDRAW_NANOS) {
            return;
        }
        drawnAt = now;
        drawn = true;
        err.print("\r" + line(done, now - startedAt));
        err.flush();
    }

    /** Ends the bar's line so the next output starts on a fresh one. */
    void finish() {
        if (drawn) {
            err.println();
            err.flush();
        }
    }

    String line(long done, long elapsedNanos) {
        double fraction = total <= 0 ? 1 : Math.min(1, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        double seconds = elapsedNanos / 1e9;
        double rate = seconds <= 0 ? 0 : done / seconds;
        String eta = rate <= 0 ? "--" : duration(Math.round((total - done) / rate));
        return String.format(Locale.ROOT, "%s [%s%s] %3d%% %,d/%,d  %,.0f rec/s  ETA %s",
                label, "#".repeat(filled), ".".repeat(WIDTH - filled), Math.round(fraction * 100), done, total,
                rate, eta);
    }

    private static String duration(long seconds) {
        return seconds >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
