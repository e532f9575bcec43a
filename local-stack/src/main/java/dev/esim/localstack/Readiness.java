package dev.esim.localstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Polls until something answers, or fails with the name of what never did. */
final class Readiness {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private Readiness() {
    }

    static void await(String what, Duration timeout, BooleanSupplier ready, ChildProcess process) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (process != null && !process.isAlive()) {
                throw new IOException(what + " exited during start-up; see " + process.log());
            }
            if (ready.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + what, e);
            }
        }
        throw new IOException(what + " was not ready within " + timeout
                + (process == null ? "" : "; see " + process.log()));
    }

    static BooleanSupplier port(int port) {
        return () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return true;
            } catch (IOException e) {
                return false;
            }
        };
    }

    static BooleanSupplier http200(String url) {
        return () -> status(url) == 200;
    }

    /**
     * A Spring Boot service is ready when its readiness group says UP ({@code /actuator/health/readiness}: the
     * services put their Kafka check there); where the group does not exist (404, the sandbox), overall health.
     */
    static BooleanSupplier springReady(int port) {
        String base = "http://localhost:" + port + "/actuator/health";
        return () -> {
            int readiness = status(base + "/readiness");
            return readiness == 200 || (readiness == 404 && status(base) == 200);
        };
    }

    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
