package dev.esim.contract.monitoring;

import dev.esim.contract.RepositoryFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The metric names the dashboard and alerts may use: those our services register (found in their sources, so a
 * renamed meter breaks this module's build instead of silently emptying a panel) and the standard ones that come
 * from libraries or exporters.
 */
final class MetricCatalogue {

    /** Standard metrics: Prometheus name prefix → where it comes from (also in deploy/monitoring/README.md). */
    static final Map<String, String> STANDARD = Map.of(
            "kafka_consumer_fetch_manager_records_lag_max",
            "Kafka client metrics bound by Spring Boot (MicrometerConsumerListener on the consumer factory)",
            "spring_kafka_listener_seconds", "spring-kafka listener container timer (tags name, result, exception)",
            "resilience4j_circuitbreaker_state",
            "resilience4j-micrometer TaggedCircuitBreakerMetrics (provider-client)",
            "kafka_topic_partition_current_offset",
            "Kafka exporter (Strimzi Kafka Exporter / danielqsj kafka_exporter)",
            "kafka_consumergroup_lag", "Kafka exporter (Strimzi Kafka Exporter / danielqsj kafka_exporter)");

    private static final List<String> MICROMETER_SUFFIXES = List.of("", "_total", "_seconds", "_seconds_count",
            "_seconds_sum", "_seconds_bucket", "_seconds_max", "_count", "_sum", "_bucket", "_max");
    private static final Pattern METER_NAME = Pattern.compile("\"((?:esim|ingress)\\.[a-z0-9_]+(?:\\.[a-z0-9_]+)*)\"");

    private MetricCatalogue() {
    }

    /** Micrometer names found as string literals in every module's main sources, in Prometheus form (dots → _). */
    static Set<String> registeredByServices() {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> modules = Files.list(RepositoryFiles.root())) {
            modules.map(module -> module.resolve("src/main/java")).filter(Files::isDirectory)
                    .flatMap(MetricCatalogue::walk)
                    .filter(p -> p.toString().endsWith(".java"))
                    .forEach(p -> {
                        Matcher m = METER_NAME.matcher(read(p));
                        while (m.find()) {
                            names.add(m.group(1).replace('.', '_'));
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    static boolean isKnown(String prometheusName, Set<String> registered) {
        if (STANDARD.keySet().stream().anyMatch(prometheusName::startsWith)) {
            return true;
        }
        return MICROMETER_SUFFIXES.stream().anyMatch(suffix -> prometheusName.endsWith(suffix)
                && registered.contains(prometheusName.substring(0, prometheusName.length() - suffix.length())));
    }

    private static Stream<Path> walk(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
