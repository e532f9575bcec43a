package dev.esim.sandbox.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.esim.sandbox.SandboxHttp.Response;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The sandbox jar as the chaos tool runs it, SIGKILLed while orders stream in: every order it answered is there after
 * the restart, its retry replays the answer, and no reference ever gets a second profile.
 */
class ProviderKillIT {

    private static final String US = "US-5GB-30D";

    @TempDir
    Path dir;

    private Process sandbox;

    @AfterEach
    void kill() {
        if (sandbox != null) {
            sandbox.destroyForcibly();
        }
    }

    @Test
    void everyAnsweredOrderSurvivesASigkillMidTraffic() throws Exception {
        // given: orders streaming in, one after another
        ProviderApi api = start("first");
        Map<String, String> answered = new ConcurrentHashMap<>();
        AtomicInteger sent = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        Thread traffic = new Thread(() -> {
            while (!killed.get()) {
                int n = sent.incrementAndGet();
                try {
                    Response r = api.order("key-" + n, "ord-" + n, US);
                    if (r.status() == 201) {
                        answered.put("ord-" + n, r.body());
                    }
                } catch (IllegalStateException e) {
                    return; // the connection died with the sandbox
                }
            }
        });
        traffic.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (answered.size() < 50 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }

        // when: SIGKILL mid-traffic, then a new process on the same directory
        killed.set(true);
        sandbox.destroyForcibly().waitFor();
        traffic.join(10_000);
        ProviderApi restarted = start("second");

        // then: every answered order is there, replayed as answered, with one profile
        assertThat(answered).hasSizeGreaterThanOrEqualTo(50);
        Map<String, Integer> profiles = new ConcurrentHashMap<>();
        restarted.adminGet("/stats").json().path("profiles_issued").properties()
                .forEach(e -> profiles.put(e.getKey(), e.getValue().asInt()));
        assertThat(profiles.values()).allMatch(count -> count == 1);
        for (Map.Entry<String, String> order : answered.entrySet()) {
            String n = order.getKey().substring("ord-".length());
            Response again = restarted.order("key-" + n, order.getKey(), US);
            assertThat(again.body()).isEqualTo(order.getValue());
            assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        }
        // and so is the order in flight at the kill: its retry gets a profile exactly once
        for (int n = 1; n <= sent.get(); n++) {
            Response retry = restarted.order("key-" + n, "ord-" + n, US);
            assertThat(retry.status()).as(retry.body()).isEqualTo(201);
        }
        JsonNode after = restarted.adminGet("/stats").json().path("profiles_issued");
        for (int n = 1; n <= sent.get(); n++) {
            assertThat(after.path("ord-" + n).asInt()).as("profiles for ord-" + n).isEqualTo(1);
        }
    }

    private ProviderApi start(String name) throws Exception {
        Optional<Path> jar = execJar();
        assumeTrue(jar.isPresent(), "the sandbox exec jar is built by mvn package");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        sandbox = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.get().toString(), "--server.port=" + port,
                "--sandbox.state-dir=" + dir, "--sandbox.provider.rate-limit-per-second=0",
                "--sandbox.provider.initial-balance=1000000",
                "--sandbox.provider.callback-url=http://127.0.0.1:9/unreachable",
                "--sandbox.failover-provider.callback-url=http://127.0.0.1:9/unreachable",
                "--sandbox.gateway.webhook-url="))
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
        ProviderApi api = new ProviderApi(port);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            try {
                if (api.get("/v1/balance").status() == 200) {
                    return api;
                }
            } catch (IllegalStateException e) {
                // not listening yet
            }
            if (!sandbox.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the sandbox did not start: " + Files.readString(dir.resolve(name + ".log")));
            }
            Thread.sleep(200);
        }
    }

    private static Optional<Path> execJar() throws IOException {
        Path target = Path.of("target");
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-exec.jar")).findFirst();
        }
    }
}
