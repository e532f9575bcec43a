package dev.esim.sandbox.govukpay;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;

/**
 * A webhook endpoint on the JDK's HttpServer that treats the stand-in as payment-ingress will treat GOV.UK Pay: it
 * checks {@code Pay-Signature} with a plain HMAC-SHA256 of the raw body (its own, not the stand-in's code), keeps
 * every request, and answers the statuses it is told to (then 200; 401 to a bad signature).
 */
final class GovUkPayReceiver implements AutoCloseable {

    /** The documented sandbox signing secret. */
    static final String SIGNING_SECRET = "govukpay_whsec_sandbox_local_only";

    record Delivery(String signature, String body, boolean signatureValid, int answered) {

        JsonNode json() {
            return GovUkPayClient.JSON.readTree(body);
        }

        String eventType() {
            return json().path("event_type").asString();
        }

        String resourceId() {
            return json().path("resource_id").asString();
        }
    }

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final Deque<Integer> scripted = new ArrayDeque<>();
    private boolean failing;

    GovUkPayReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/webhooks/govukpay", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                String signature = exchange.getRequestHeaders().getFirst("Pay-Signature");
                boolean valid = hmacHex(body).equals(signature);
                int status = valid ? nextStatus() : 401;
                deliveries.add(new Delivery(signature, body, valid, status));
                exchange.sendResponseHeaders(status, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/govukpay";
    }

    /** The next deliveries get these statuses, in order; afterwards 200. */
    synchronized void answer(Integer... statuses) {
        scripted.addAll(List.of(statuses));
    }

    /** While on, every delivery is answered 500 (a receiver that is down). */
    synchronized void failAll(boolean on) {
        failing = on;
    }

    synchronized void clear() {
        scripted.clear();
        deliveries.clear();
    }

    private synchronized int nextStatus() {
        if (failing) {
            return 500;
        }
        Integer next = scripted.pollFirst();
        return next == null ? 200 : next;
    }

    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Deliveries of {@code eventType} about {@code resourceId} that were answered 2xx. */
    List<Delivery> accepted(String eventType, String resourceId) {
        return deliveries.stream().filter(d -> d.answered() == 200 && d.eventType().equals(eventType)
                && d.resourceId().equals(resourceId)).toList();
    }

    /** Waits for the first accepted delivery of {@code eventType} about {@code resourceId}. */
    Delivery await(String eventType, String resourceId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Delivery> found = accepted(eventType, resourceId);
            if (!found.isEmpty()) {
                return found.get(0);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + eventType + " about " + resourceId + " within " + timeout + "; got "
                + deliveries.stream().map(d -> d.eventType() + "/" + d.resourceId() + "→" + d.answered()).toList());
    }

    private static String hmacHex(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SIGNING_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
