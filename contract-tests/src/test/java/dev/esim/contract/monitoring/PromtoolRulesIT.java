package dev.esim.contract.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.esim.contract.RepositoryFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Prometheus' own tool on our rules: syntax, and the unit tests in alerts.test.yaml. Skipped where promtool is not
 * installed (Debian: {@code apt-get install prometheus}; or set PROMTOOL to its path).
 */
class PromtoolRulesIT {

    private static String promtool;

    @BeforeAll
    static void findPromtool() {
        String configured = System.getenv("PROMTOOL");
        promtool = configured != null ? configured : "promtool";
        boolean available;
        try {
            available = new ProcessBuilder(promtool, "--version").redirectErrorStream(true).start()
                    .waitFor(30, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            available = false;
        }
        assumeTrue(available, "promtool not found: apt-get install prometheus, or set PROMTOOL");
    }

    @Test
    void rulesPassPromtoolCheck() throws Exception {
        assertThat(run("check", "rules", "alerts.yaml")).contains("SUCCESS");
    }

    @Test
    void rulesFireExactlyAsTheirUnitTestsSay() throws Exception {
        assertThat(run("test", "rules", "alerts.test.yaml")).contains("SUCCESS");
    }

    @Test
    void everyDashboardQueryIsValidPromQl(@TempDir Path dir) throws Exception {
        // given: each panel query as a recording rule, with Grafana's interval variable resolved
        List<Map<String, Object>> rules = new ArrayList<>();
        int i = 0;
        for (String expr : MonitoringAssetsTest.dashboardExpressions()) {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("record", "dashboard:query_" + i++);
            rule.put("expr", expr.replace("$__rate_interval", "5m"));
            rules.add(rule);
        }
        Path file = dir.resolve("dashboard-queries.yaml");
        Files.writeString(file, new Yaml().dump(Map.of("groups", List.of(Map.of("name", "dashboard", "rules", rules)))),
                StandardCharsets.UTF_8);

        // then
        assertThat(runIn(dir, "check", "rules", file.getFileName().toString()))
                .contains("SUCCESS: " + rules.size() + " rules found");
    }

    private static String run(String... args) throws Exception {
        return runIn(RepositoryFiles.path("deploy/monitoring"), args);
    }

    private static String runIn(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(promtool));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("promtool %s%n%s", String.join(" ", args), output).isZero();
        return output;
    }
}
