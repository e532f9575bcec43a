package dev.esim.catalog.reconciliation;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The real payment-ingress, as a child JVM from the jar its owner installed in the local Maven repository (the
 * enforcer bans a service depending on a service, so it cannot be on our class path). Reconciliation's whole point
 * is to take the same normalisation path as a webhook, so the test runs that path rather than a copy of it.
 * Started once per test JVM, stopped by a shutdown hook; its log is {@code target/reconciliation-ingress.log}.
 */
final class IngressProcess {

    private static IngressProcess instance;

    private final Process process;
    private final int port;

    private IngressProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** @param govUkPayApiBase where payment-ingress asks GOV.UK Pay which order a refunded payment was for */
    static synchronized IngressProcess start(String bootstrapServers, String registryUrl, String govUkPayApiBase) {
        if (instance == null) {
            instance = launch(bootstrapServers, registryUrl, govUkPayApiBase);
        }
        return instance;
    }

    String webhookUrl() {
        return "http://localhost:" + port + "/webhooks/stripe";
    }

    String govUkPayWebhookUrl() {
        return "http://localhost:" + port + "/webhooks/govukpay";
    }

    private static IngressProcess launch(String bootstrapServers, String registryUrl, String govUkPayApiBase) {
        Path jar = jar();
        int port = freePort();
        Path log = Path.of("target", "reconciliation-ingress.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", jar.toString(),
                "--server.port=" + port,
                "--spring.kafka.bootstrap-servers=" + bootstrapServers,
                "--spring.kafka.properties.schema.registry.url=" + registryUrl,
                "--esim.environment=sandbox",
                "--esim.ingress.govukpay.api-base=" + govUkPayApiBase,
                // actuator beside the webhooks (the service keeps it on a port of its own by default)
                "--management.server.port=" + port,
                "--logging.level.org.apache.kafka=WARN"));
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            IngressProcess ingress = new IngressProcess(process, port);
            ingress.awaitReady(log);
            return ingress;
        } catch (IOException e) {
            throw new IllegalStateException("could not start payment-ingress from " + jar, e);
        }
    }

    private void awaitReady(Path log) {
        HttpClient http = HttpClient.newHttpClient();
        URI readiness = URI.create("http://localhost:" + port + "/actuator/health/readiness");
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("payment-ingress exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(500);
        }
        process.destroyForcibly();
        throw new IllegalStateException("payment-ingress not ready within 3 minutes; see " + log);
    }

    /** {@code -Dingress.jar=…} wins; else this checkout's build of the module; else the jar its owner installed. */
    private static Path jar() {
        String configured = System.getProperty("ingress.jar");
        List<Path> candidates = new ArrayList<>();
        if (configured != null) {
            candidates.add(Path.of(configured));
        }
        // The reactor builds payment-ingress before catalog-service (module order), so a full build tests the ingress
        // of the same commit; the installed copy is the fallback for `mvn -pl catalog-service` alone.
        candidates.add(Path.of("..", "payment-ingress", "target", "payment-ingress-0.1.0-SNAPSHOT.jar"));
        candidates.add(Path.of(System.getProperty("user.home"), ".m2", "repository", "dev", "esim", "payment-ingress",
                "0.1.0-SNAPSHOT", "payment-ingress-0.1.0-SNAPSHOT.jar"));
        return candidates.stream().filter(Files::isRegularFile).findFirst()
                .orElseThrow(() -> new IllegalStateException("no payment-ingress jar at " + candidates
                        + ": run `mvn -q -pl payment-ingress install -DskipTests` (or pass -Dingress.jar=…)"));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
