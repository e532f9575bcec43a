package dev.esim.localstack;

import java.util.List;
import java.util.Map;

/**
 * How the local stack runs its processes: JVM flags and extra environment per application. The demo's flags favour
 * start-up on a small machine (C1 only, serial GC, small heaps); a benchmark wants what production would run.
 *
 * @param serviceJvmFlags        flags for every service and the sandbox, in place of the demo's; {@code -Xmx} is added
 *                               per application unless a flag here sets it
 * @param environment            per application name, variables added to (or replacing) the stack's own
 * @param infrastructureJvmFlags flags for the Kafka broker and the mail catcher (their heaps are the stack's own)
 */
public record Tuning(List<String> serviceJvmFlags, Map<String, Map<String, String>> environment,
                     List<String> infrastructureJvmFlags) {

    private static final List<String> QUICK_START = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Xss512k");

    public Tuning {
        serviceJvmFlags = List.copyOf(serviceJvmFlags);
        environment = Map.copyOf(environment);
        infrastructureJvmFlags = List.copyOf(infrastructureJvmFlags);
    }

    /** Services tuned, the broker and the mail catcher as in the demo. */
    public Tuning(List<String> serviceJvmFlags, Map<String, Map<String, String>> environment) {
        this(serviceJvmFlags, environment, QUICK_START);
    }

    /** Quick start-up on a 2-core laptop: what {@code bin/stack}, the tests and the chaos run use. */
    public static Tuning demo() {
        return new Tuning(List.of("-Xms32m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:ReservedCodeCacheSize=64m", "-XX:MaxMetaspaceSize=192m", "-XX:+ExitOnOutOfMemoryError"),
                Map.of());
    }

    boolean setsHeap() {
        return serviceJvmFlags.stream().anyMatch(f -> f.startsWith("-Xmx"));
    }
}
