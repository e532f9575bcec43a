package dev.esim.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Argument checks that must refuse before any connection is made (these tests have no Kafka to reach). */
class OpsCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new OpsCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void replayWithoutReasonIsAUsageError() {
        assertThat(run("replay", "esim.payments.v1", "--mode", "republish")).isEqualTo(2);
        assertThat(err.toString()).contains("--reason is required");
    }

    @Test
    void replayWithoutModeOrDryRunIsAUsageError() {
        assertThat(run("replay", "esim.payments.v1", "--reason", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("--mode republish|rewind is required");
    }

    @Test
    void rewindNeedsAGroup() {
        assertThat(run("replay", "esim.payments.v1", "--mode", "rewind", "--reason", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("--mode rewind needs --group");
    }

    @Test
    void offsetsNeedAPartition() {
        assertThat(run("replay", "esim.payments.v1", "--from-offset", "3", "--dry-run")).isEqualTo(2);
        assertThat(err.toString()).contains("need --partition");
    }

    @Test
    void redriveNeedsExactlyOneSelector() {
        assertThat(run("dlt", "redrive", "esim.payments.v1", "--all", "--order-id", "o", "--reason", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("Choose exactly one of --all, --order-id or --offset");
    }

    @Test
    void helpListsTheCommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("replay", "dlt", "order", "--bootstrap-servers");
    }
}
