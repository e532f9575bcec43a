package dev.esim.sandbox.gateway;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A webhook endpoint for tests, the way payment-ingress will treat Stripe: every request is verified with
 * stripe-java's own {@link Webhook#constructEvent}; verified events are kept, rejected ones answer 400. It can be
 * told to answer 500 to the next n deliveries to exercise the gateway's retries. Also serves {@code /success} and
 * {@code /cancel} so a browser redirected there lands on a real page.
 */
final class WebhookReceiver implements AutoCloseable {

    record Received(Event event, String payload, String signatureHeader, Instant at) {
    }

    private final HttpServer server;
    private final String secret;
    private final List<Received> events = new ArrayList<>();
    private final List<String> rejected = new ArrayList<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();

    WebhookReceiver(String secret) throws IOException {
        this.secret = secret;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/webhooks/stripe", exchange -> {
            requests.incrementAndGet();
            String payload = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String header = exchange.getRequestHeaders().getFirst("Stripe-Signature");
            int status;
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                status = 500;
            } else {
                try {
                    Event event = Webhook.constructEvent(payload, header, secret);
                    synchronized (this) {
                        events.add(new Received(event, payload, header, Instant.now()));
                        notifyAll();
                    }
                    status = 200;
                } catch (SignatureVerificationException | RuntimeException e) {
                    synchronized (this) {
                        rejected.add(e.getMessage());
                    }
                    status = 400;
                }
            }
            byte[] body = ("{\"received\":" + (status == 200) + "}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/", exchange -> {
            byte[] body = ("<!DOCTYPE html><title>Shop</title><h1 id=\"landing\">"
                    + exchange.getRequestURI().getPath() + "</h1><p id=\"query\">" + exchange.getRequestURI().getQuery()
                    + "</p>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return base() + "/webhooks/stripe";
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void failNext(int deliveries) {
        failNext.set(deliveries);
    }

    int requests() {
        return requests.get();
    }

    synchronized List<String> rejected() {
        return List.copyOf(rejected);
    }

    synchronized List<Received> all() {
        return List.copyOf(events);
    }

    /** Waits for the first verified event matching {@code filter}. */
    synchronized Received await(Predicate<Event> filter, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Received r : events) {
                if (filter.test(r.event())) {
                    return r;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching webhook within " + timeout + "; got "
                        + events.stream().map(r -> r.event().getType()).toList() + ", rejected " + rejected);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    Received await(String type, String objectId, Duration timeout) throws InterruptedException {
        return await(e -> e.getType().equals(type) && payloadMentions(e, objectId), timeout);
    }

    private boolean payloadMentions(Event e, String id) {
        return id == null || e.getDataObjectDeserializer().getRawJson().contains("\"" + id + "\"");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
