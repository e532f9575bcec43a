package dev.esim.ops;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code esim-ops}: what support runs to repair what went wrong — replay a topic, redrive dead letters, read one
 * order's story. Every command reads {@code read_committed}, re-delivers exact bytes (so event ids and therefore
 * consumer-side deduplication hold), never decrypts, and audits every change on {@code esim.ops.audit.v1}.
 */
// scope INHERIT: every subcommand gets --help/--version too
@Command(name = "esim-ops", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, version = "esim-ops 0.1.0",
        usageHelpAutoWidth = true,
        description = "Support tool for the eSIM platform's Kafka topics: replay, dead letters, order timelines, "
                + "erasure of a customer's data.",
        subcommands = {ReplayCommand.class, DltCommand.class, OrderCommand.class, AuditCommand.class,
            EraseCommand.class, CommandLine.HelpCommand.class},
        footer = {"",
            "Connection options (on every command): --bootstrap-servers, --schema-registry, --command-config.",
            "Exit codes: 0 done, 1 failed, 2 usage error, 3 refused (unsafe), 4 audit findings.", ""})
public final class OpsCli implements Runnable {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new OpsCli()).execute(args));
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: replay, dlt, order or help");
    }
}
