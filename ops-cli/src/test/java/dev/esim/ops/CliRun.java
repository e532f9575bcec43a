package dev.esim.ops;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.esim.testkit.TestInfrastructure;
import picocli.CommandLine;

/** Runs the CLI in-process, exactly as {@code bin/esim-ops} would, against the test broker and registry. */
record CliRun(int exitCode, String out, String err) {

    private static final Pattern AUDIT_ID = Pattern.compile("audit id ([0-9a-f-]{36})");

    static CliRun of(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--bootstrap-servers=" + TestInfrastructure.kafka().bootstrapServers());
        all.add("--schema-registry=" + TestInfrastructure.registry().url());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new OpsCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exitCode = cli.execute(all.toArray(String[]::new));
        return new CliRun(exitCode, out.toString(), err.toString());
    }

    String auditId() {
        Matcher matcher = AUDIT_ID.matcher(out);
        if (!matcher.find()) {
            throw new AssertionError("no audit id in output:\n" + out + "\nstderr:\n" + err);
        }
        return matcher.group(1);
    }

    /** The JSON lines of a dry run's sample or of {@code order --json}. */
    List<String> jsonLines() {
        return out.lines().filter(line -> line.startsWith("{")).toList();
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
}
