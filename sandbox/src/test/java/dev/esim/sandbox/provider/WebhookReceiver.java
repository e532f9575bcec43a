package dev.esim.sandbox.provider;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A tiny webhook endpoint on the JDK's HttpServer: records every delivery, answers the statuses it is told to. */
final class WebhookReceiver implements AutoCloseable {

    record Delivery(String signature, String body) {}

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final Deque<Integer> scriptedStatuses = new ArrayDeque<>();

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/webhooks/providers/simology", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                deliveries.add(new Delivery(exchange.getRequestHeaders().getFirst("Simology-Signature"), body));
                int status = nextStatus();
                exchange.sendResponseHeaders(status, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    URI url() {
        return URI.create("http://localhost:" + server.getAddress().getPort() + "/webhooks/providers/simology");
    }

    /** The next deliveries get these statuses, in order; afterwards 200. */
    synchronized void answer(Integer... statuses) {
        scriptedStatuses.addAll(List.of(statuses));
    }

    private synchronized int nextStatus() {
        Integer next = scriptedStatuses.pollFirst();
        return next == null ? 200 : next;
    }

    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    synchronized void clear() {
        deliveries.clear();
        scriptedStatuses.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
