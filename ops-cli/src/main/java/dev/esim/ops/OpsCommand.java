package dev.esim.ops;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A leaf command: connection options, output through picocli's writers (so tests capture them), and failures turned
 * into one line on stderr plus an exit code — an operator needs the reason, not a stack trace.
 */
abstract class OpsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection = new ConnectionOptions();

    @Override
    public final Integer call() {
        try {
            return run();
        } catch (ParameterException e) {
            throw e;
        } catch (OpsException e) {
            err().println("esim-ops: " + e.getMessage());
            return e.exitCode();
        } catch (ExecutionException e) {
            err().println("esim-ops: " + describe(e.getCause()));
            return OpsException.FAILED;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            err().println("esim-ops: Kafka did not answer in time (check --bootstrap-servers / --command-config): "
                    + e.getMessage());
            return OpsException.FAILED;
        } catch (KafkaException | IllegalStateException e) {
            err().println("esim-ops: " + describe(e));
            return OpsException.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err().println("esim-ops: interrupted");
            return OpsException.FAILED;
        } finally {
            out().flush();
            err().flush();
        }
    }

    abstract int run() throws ExecutionException, InterruptedException;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** A usage error: picocli prints it with the command's usage and exits with 2. */
    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Non-dry runs must say why: the reason goes into the audit record. */
    void requireReason(String reason, boolean dryRun) {
        if (!dryRun && (reason == null || reason.isBlank())) {
            throw usage("--reason is required (it is written to the audit topic " + AuditLog.TOPIC
                    + "); use --dry-run to only look");
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
