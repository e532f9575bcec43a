package dev.esim.contract.asyncapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.esim.contract.RepositoryFiles;
import dev.esim.events.Topic;
import dev.esim.events.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AsyncAPI's reference parser ({@code @asyncapi/parser} with {@code @asyncapi/avro-schema-parser}, see src/test/js) as
 * an independent judge of docs/topics/asyncapi.yaml: the spec's JSON Schema, its Spectral rules and every Avro payload.
 * Needs node (18+) and npm; the first run installs into src/test/js/node_modules (about a minute), later runs reuse it.
 */
class AsyncApiParserConformanceIT {

    private static final Path JS_DIR = RepositoryFiles.path("contract-tests/src/test/js");

    @BeforeAll
    static void installParserUnlessPresent() throws Exception {
        assumeTrue(succeeds(List.of("node", "--version")) && succeeds(List.of("npm", "--version")),
                "node and npm are needed for the AsyncAPI parser");
        if (!Files.isDirectory(JS_DIR.resolve("node_modules/@asyncapi/avro-schema-parser"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
        }
    }

    @Test
    void theReferenceParserAcceptsTheDocumentWithoutErrorsOrWarnings() throws Exception {
        // when
        JsonNode result = new ObjectMapper().readTree(run(List.of("node", "validate.mjs",
                RepositoryFiles.path(AsyncApiGenerator.DOCUMENT).toString()), 120));

        // then: only informational diagnostics (e.g. "3.1.0 exists") are tolerated
        List<String> problems = new ArrayList<>();
        result.path("diagnostics").forEach(d -> {
            if (d.path("severity").asInt() <= 1) {
                problems.add(d.path("code").asText() + " at " + d.path("path").asText() + ": "
                        + d.path("message").asText());
            }
        });
        assertThat(problems).isEmpty();
        assertThat(result.path("valid").asBoolean()).isTrue();

        // and it sees every topic and dead-letter topic, with a publish and a consume operation per topic
        List<String> channels = new ArrayList<>();
        result.path("channels").forEach(c -> channels.add(c.asText()));
        List<String> expected = new ArrayList<>();
        for (Topic<?> topic : Topics.all()) {
            expected.add(topic.name());
            expected.add(topic.deadLetterTopic());
        }
        assertThat(channels).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(result.path("operations").asInt()).isEqualTo(3 * Topics.all().size());
    }

    private static boolean succeeds(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String run(List<String> command, int timeoutSeconds) throws Exception {
        // stderr to a file: reading the two pipes one after the other could block on a chatty npm
        Path stderr = Files.createTempFile("asyncapi-parser", ".stderr");
        try {
            Process process = new ProcessBuilder(command).directory(JS_DIR.toFile())
                    .redirectError(stderr.toFile()).start();
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(timeoutSeconds, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
            assertThat(process.exitValue()).as("%s%n%s", command, Files.readString(stderr)).isZero();
            return stdout;
        } finally {
            Files.deleteIfExists(stderr);
        }
    }
}
