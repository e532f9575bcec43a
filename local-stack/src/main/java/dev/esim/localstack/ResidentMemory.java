package dev.esim.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Resident memory of the stack's processes, from Linux {@code /proc}: the proportional set size (shared pages split
 * between the processes sharing them) where the kernel reports it, else RSS. PostgreSQL's backends all map the same
 * shared buffers, which plain RSS would count once per backend. Anywhere else every figure is 0.
 */
final class ResidentMemory {

    private ResidentMemory() {
    }

    /** One process, in KB. */
    static long kb(ProcessHandle process) {
        long pss = field(Path.of("/proc", Long.toString(process.pid()), "smaps_rollup"), "Pss:");
        return pss > 0 ? pss : field(Path.of("/proc", Long.toString(process.pid()), "status"), "VmRSS:");
    }

    /** A process and all its descendants, in KB. */
    static long treeKb(ProcessHandle root) {
        return Stream.concat(Stream.of(root), root.descendants()).mapToLong(ResidentMemory::kb).sum();
    }

    /**
     * PostgreSQL, in KB, found through its {@code postmaster.pid} in {@code dataDir}: pg_ctl daemonises it, so it is
     * not a descendant of this JVM.
     */
    static long postgresKb(Path dataDir) {
        return postgresPid(dataDir).flatMap(ProcessHandle::of).map(ResidentMemory::treeKb).orElse(0L);
    }

    private static Optional<Long> postgresPid(Path dataDir) {
        try {
            Path pidFile = dataDir == null ? null : dataDir.resolve("postmaster.pid");
            if (pidFile == null || !Files.exists(pidFile)) {
                return Optional.empty();
            }
            return Optional.of(Long.parseLong(Files.readAllLines(pidFile).get(0).trim()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static long field(Path file, String key) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(l -> l.startsWith(key))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                    .findFirst().orElse(0);
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended meanwhile, or this is not Linux
        }
    }
}
