package dev.esim.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A JVM (or other program) the stack started; its output goes to a log file, and stopping it stops its children. */
final class ChildProcess implements AutoCloseable {

    /** util-linux {@code setsid}: puts the child in its own session, so Ctrl-C reaches only the launcher. */
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** The {@code java} of the JVM running the stack: every child JVM runs on it. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Starts {@code command} with {@code env} added to this process's environment, appending its output to
     * {@code <logDir>/<name>.log}. The child gets its own session (when {@code setsid} exists): a terminal's Ctrl-C
     * then reaches only the launcher, which stops the children in order — services before Kafka and PostgreSQL —
     * instead of every process dying at once and the services spending their close timeouts on a dead broker.
     */
    static ChildProcess start(String name, List<String> command, Map<String, String> env, Path logDir)
            throws IOException {
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        List<String> full = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            full.add(SETSID.toString()); // exec()s the command in place: the pid stays the JVM's
        }
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        return new ChildProcess(name, builder.start(), log);
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code once it ended (143 = SIGTERM, 137 = SIGKILL), else -1. */
    int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** Waits for a short-lived command (like a storage format) and fails if it did not succeed. */
    void awaitSuccess(Duration timeout) throws IOException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new IOException(name + " did not finish within " + timeout + "; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new IOException(name + " failed with exit code " + process.exitValue() + "; see " + log);
        }
    }

    /** Sends a signal by name ({@code STOP}, {@code CONT}, …) with the system's {@code kill}. */
    void signal(String name) throws IOException {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IOException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while signalling " + this.name, e);
        }
    }

    /** SIGKILL, no shutdown hooks: what a crash or an OOM kill looks like to the rest of the platform. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy(); // SIGTERM: JVMs run their shutdown hooks, Kafka flushes its logs
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
