package dev.esim.guardrails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** A real Reactor Netty server with the guardrails, attacked over raw sockets. */
class HttpServerLimitsTest {

    private ConfigurableApplicationContext app;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aClientDrippingItsHeadersIsCutOffAtTheHeaderDeadlineHoweverSteadilyItDrips() throws Exception {
        int port = start("--esim.http.request-header-timeout=1s");
        Socket slow = slowDrip(port);

        long start = System.nanoTime();
        boolean closed = false;
        while (!closed && System.nanoTime() - start < Duration.ofSeconds(5).toNanos()) {
            Thread.sleep(200);
            closed = !drip(slow);
        }

        assertThat(closed).as("the server closed the dripping connection").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aThousandSlowConnectionsDoNotKeepALegitimateRequestWaiting() throws Exception {
        int port = start();
        for (int i = 0; i < 1000; i++) {
            slowDrip(port);
        }

        long start = System.nanoTime();
        HttpResponse<String> response = get(port);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(sockets.stream().filter(s -> drip(s)).count()).as("the slow ones are still held (no deadline yet)")
                .isEqualTo(1000);
    }

    @Test
    void beyondTheConnectionLimitANewConnectionIsClosedAndAFreedSlotAdmitsAgain() throws Exception {
        int port = start("--esim.http.max-connections=5");
        for (int i = 0; i < 5; i++) {
            slowDrip(port);
        }
        Thread.sleep(200);

        Socket sixth = connect(port);
        sixth.setSoTimeout(2_000);
        assertThat(readToEnd(sixth.getInputStream())).as("closed without an answer").isEqualTo(-1);

        sockets.remove(0).close();
        Thread.sleep(200);
        assertThat(get(port).statusCode()).isEqualTo(200);
    }

    @Test
    void aKeptAliveConnectionGetsANewHeaderDeadlineAfterEachResponse() throws Exception {
        int port = start("--esim.http.request-header-timeout=10s", "--esim.http.idle-timeout=1s");
        Socket socket = connect(port);
        OutputStream out = socket.getOutputStream();
        socket.setSoTimeout(5_000);

        out.write("GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        byte[] buffer = new byte[1024];
        int read = socket.getInputStream().read(buffer);
        assertThat(new String(buffer, 0, read, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");

        out.write("GET /hello HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        long start = System.nanoTime();
        assertThat(readToEnd(socket.getInputStream())).as("closed mid-headers of the second request").isEqualTo(-1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    private int start(String... args) {
        SpringApplication application = new SpringApplication(Hello.class);
        List<String> all = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1"));
        all.addAll(List.of(args));
        app = application.run(all.toArray(String[]::new));
        return Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }

    private Socket slowDrip(int port) throws IOException {
        Socket socket = connect(port);
        socket.getOutputStream().write("POST /hello HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\nX-Slow: "
                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    private Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        sockets.add(socket);
        return socket;
    }

    /** One more header byte; false once the server has closed the connection. */
    private static boolean drip(Socket socket) {
        try {
            socket.getOutputStream().write('a');
            socket.getOutputStream().flush();
            socket.setSoTimeout(1);
            return socket.getInputStream().read() != -1;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    private static int readToEnd(InputStream in) {
        try {
            int last;
            do {
                last = in.read();
            } while (last != -1);
            return -1;
        } catch (java.net.SocketTimeoutException e) {
            return 0; // still open: nothing was closed
        } catch (IOException reset) {
            return -1;
        }
    }

    private static HttpResponse<String> get(int port) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Hello {

        @Bean
        RouterFunction<ServerResponse> hello() {
            return route(RequestPredicates.GET("/hello"), request -> ServerResponse.ok().bodyValue("hello"));
        }
    }
}
