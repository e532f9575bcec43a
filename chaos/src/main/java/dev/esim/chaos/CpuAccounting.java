package dev.esim.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CPU time used by this JVM and every process it started (the local stack), by what each process is, read from
 * {@code /proc/<pid>/stat} (user + system time). A phase's difference divided by its orders is what each part of the
 * platform costs per order — the figure that says how many orders a second a given number of cores can carry.
 * Linux only; elsewhere {@link #snapshot()} is empty.
 */
final class CpuAccounting {

    /** This JVM: the load generator, and the schema registry that LocalStack runs in-process. */
    static final String LOAD_GENERATOR = "load generator and schema registry (bench JVM)";

    private static final Pattern SERVICE = Pattern.compile("jvm-cache/([a-z-]+)/");
    /** A client connection's backend: {@code postgres: <user> <database> <host>(<port>) <state>}. */
    private static final Pattern POSTGRES_BACKEND = Pattern.compile("^postgres: \\S+ (\\S+) \\S+\\(\\d+\\)");
    /** USER_HZ: the unit of /proc/<pid>/stat times, 100 on every Linux architecture the JVM runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private CpuAccounting() {
    }

    /**
     * CPU seconds used so far, by part (processes that ended are not counted). PostgreSQL detaches from the process
     * that started it: it is found by its data directory, {@code <dataDir>/postgres}.
     */
    static Map<String, Double> snapshot(Path dataDir) {
        Map<String, Double> seconds = new TreeMap<>();
        add(seconds, ProcessHandle.current());
        try (Stream<ProcessHandle> children = ProcessHandle.current().descendants()) {
            children.forEach(p -> add(seconds, p));
        }
        String postmaster = "postgres -D " + dataDir.resolve("postgres").toAbsolutePath() + " ";
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            all.filter(p -> commandLine(p).contains(postmaster)).findFirst().ifPresent(pg -> {
                add(seconds, pg);
                try (Stream<ProcessHandle> backends = pg.descendants()) {
                    backends.forEach(p -> add(seconds, p));
                }
            });
        }
        return seconds;
    }

    private static String commandLine(ProcessHandle process) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** CPU milliseconds per order of each part between two snapshots. */
    static Map<String, Double> perOrder(Map<String, Double> before, Map<String, Double> after, int orders) {
        Map<String, Double> ms = new LinkedHashMap<>();
        after.forEach((part, s) -> ms.put(part, (s - before.getOrDefault(part, 0.0)) * 1000 / Math.max(orders, 1)));
        return ms;
    }

    private static void add(Map<String, Double> seconds, ProcessHandle process) {
        Path proc = Path.of("/proc", Long.toString(process.pid()));
        try {
            String stat = Files.readString(proc.resolve("stat"), StandardCharsets.US_ASCII);
            // the command name in parentheses may hold spaces: the fields counted here come after its ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
            String part = process.pid() == ProcessHandle.current().pid() ? LOAD_GENERATOR : part(commandLine(process));
            seconds.merge(part, cpu, Double::sum);
        } catch (IOException | RuntimeException e) {
            // the process ended meanwhile, or this is not Linux: not counted
        }
    }

    static String part(String commandLine) {
        Matcher service = SERVICE.matcher(commandLine);
        if (service.find()) {
            return service.group(1).equals("sandbox") ? "sandbox (gateway and provider simulators)" : service.group(1);
        }
        // the JVMs' class paths name every jar of the repository, PostgreSQL's too: their main class decides
        if (commandLine.contains("GreenMailStandaloneRunner")) {
            return "mail catcher (GreenMail)";
        }
        if (commandLine.contains(" kafka.Kafka ")) {
            return "Kafka broker";
        }
        Matcher backend = POSTGRES_BACKEND.matcher(commandLine);
        if (backend.find()) {
            return "PostgreSQL (" + backend.group(1) + ")";
        }
        if (commandLine.startsWith("postgres") || commandLine.contains("/bin/postgres ")) {
            return "PostgreSQL (background)";
        }
        return "other";
    }
}
