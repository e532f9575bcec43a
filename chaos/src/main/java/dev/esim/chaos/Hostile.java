package dev.esim.chaos;

import dev.esim.events.Topics;
import dev.esim.localstack.LocalStack;
import dev.esim.sandbox.gateway.StripeSigner;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hostile-input phase: requests to ingress's webhook endpoints that must all be refused with a 4xx — bad, missing
 * and foreign signatures, stale timestamps, bodies changed after signing, signed malformed JSON, oversize bodies,
 * wrong methods and paths, unsigned and mis-signed provider callbacks, and the same against GOV.UK Pay's endpoint
 * (missing, garbage or another secret's {@code Pay-Signature}, a body changed after signing, signed malformed JSON,
 * an oversize body) — while slow-drip connections hold sockets open. Meanwhile a legitimate signed webhook is sent
 * every second and must be answered within one second.
 */
final class Hostile {

    /** What the phase saw. */
    record Result(long requests, Map<String, Long> statusesByVariant, List<String> notRefused, long recordsPublished,
                  int legitimateSent, List<Long> legitimateMillis, int slowConnections) {

        long legitimateSlowerThanASecond() {
            return legitimateMillis.stream().filter(ms -> ms > 1000).count();
        }
    }

    private static final String STRIPE = Outside.INGRESS + "/webhooks/stripe";
    private static final String SIMOLOGY = Outside.INGRESS + "/webhooks/providers/simology";
    private static final String GOVUKPAY = Outside.INGRESS + "/webhooks/govukpay";

    private final Outside outside;
    private final Random random;
    private final String realEvent;
    private final String realGovUkPayMessage;
    private final List<Variant> variants;

    /**
     * @param realEvent           a genuine Stripe event (JSON) to tamper with
     * @param realGovUkPayMessage a genuine GOV.UK Pay message (JSON) to tamper with; null when the run made none (no
     *                            plan priced in pounds), and then GOV.UK Pay's endpoint is not attacked
     */
    Hostile(Outside outside, Random random, String realEvent, String realGovUkPayMessage) {
        this.outside = outside;
        this.random = random;
        this.realEvent = realEvent;
        this.realGovUkPayMessage = realGovUkPayMessage;
        this.variants = List.of(Variant.values()).stream()
                .filter(v -> realGovUkPayMessage != null || !v.name().startsWith("GOVUKPAY_")).toList();
    }

    Result run(int requests, int slowConnections) throws InterruptedException {
        long before = published();
        List<Socket> slow = slowDrip(slowConnections);
        Map<String, Long> statuses = Collections.synchronizedMap(new TreeMap<>());
        List<String> notRefused = Collections.synchronizedList(new ArrayList<>());
        List<Long> legitimate = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger legitimateSent = new AtomicInteger();
        AtomicLong next = new AtomicLong();
        ExecutorService attackers = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
            long seed;
            synchronized (random) {
                seed = random.nextLong();
            }
            Random own = new Random(seed);
            attackers.execute(() -> {
                while (next.getAndIncrement() < requests) {
                    Variant v = variants.get(own.nextInt(variants.size()));
                    Outside.Response r = outside.send(request(v, own));
                    statuses.merge(v.name().toLowerCase(java.util.Locale.ROOT) + " " + r.status(), 1L, Long::sum);
                    if (r.status() < 400 || r.status() >= 500) {
                        notRefused.add(v + " answered " + r.status() + ": " + abbreviate(r.body()));
                    }
                }
            });
        }
        attackers.shutdown();
        while (!attackers.awaitTermination(1, TimeUnit.SECONDS)) {
            legitimateSent.incrementAndGet();
            legitimate.add(legitimateWebhook());
            drip(slow);
        }
        legitimateSent.incrementAndGet();
        legitimate.add(legitimateWebhook());
        int stillOpen = close(slow);
        Traffic.sleep(Duration.ofSeconds(2));
        return new Result(requests, Map.copyOf(statuses), List.copyOf(notRefused), published() - before,
                legitimateSent.get(), List.copyOf(legitimate), stillOpen);
    }

    /** Records on the topics ingress writes to (a legitimate webhook of an ignored type adds none). */
    private static long published() {
        return Outside.endOffset(Topics.PAYMENTS.name()) + Outside.endOffset(Topics.PROVIDER_EVENTS.name());
    }

    /** A correctly signed event of a type ingress acknowledges and ignores: the answer time is the measure. */
    private long legitimateWebhook() {
        String payload = realEvent.replaceFirst("\"type\"\\s*:\\s*\"[^\"]+\"", "\"type\":\"customer.created\"")
                .replaceFirst("\"id\"\\s*:\\s*\"evt_[^\"]*\"", "\"id\":\"evt_chaos_" + System.nanoTime() + "\"");
        long start = System.nanoTime();
        Outside.Response r = outside.stripeWebhook(payload, StripeSigner.header(payload,
                Outside.STRIPE_WEBHOOK_SECRET));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return r.status() == 200 ? ms : Long.MAX_VALUE;
    }

    private enum Variant {
        NO_SIGNATURE, GARBAGE_SIGNATURE, OTHER_SECRET, STALE_TIMESTAMP, BODY_SWAPPED_AFTER_SIGNING,
        SIGNED_MALFORMED_JSON, OVERSIZE_BODY, WRONG_METHOD, WRONG_PATH, UNSIGNED_PROVIDER_CALLBACK,
        MIS_SIGNED_PROVIDER_CALLBACK, UNKNOWN_PROVIDER, GOVUKPAY_NO_SIGNATURE, GOVUKPAY_GARBAGE_SIGNATURE,
        GOVUKPAY_OTHER_SECRET, GOVUKPAY_BODY_SWAPPED_AFTER_SIGNING, GOVUKPAY_SIGNED_MALFORMED_JSON,
        GOVUKPAY_OVERSIZE_BODY
    }

    private HttpRequest.Builder request(Variant v, Random own) {
        String body = realEvent;
        return switch (v) {
            case NO_SIGNATURE -> post(STRIPE, body, Map.of());
            case GARBAGE_SIGNATURE -> post(STRIPE, body, Map.of("Stripe-Signature", "t=" + own.nextInt()
                    + ",v1=" + Long.toHexString(own.nextLong())));
            case OTHER_SECRET -> post(STRIPE, body, Map.of("Stripe-Signature",
                    StripeSigner.header(body, "whsec_someone_elses_secret_" + own.nextInt(1000))));
            case STALE_TIMESTAMP -> post(STRIPE, body, Map.of("Stripe-Signature", StripeSigner.header(body,
                    Outside.STRIPE_WEBHOOK_SECRET, Instant.now().minus(Duration.ofMinutes(10 + own.nextInt(600))))));
            case BODY_SWAPPED_AFTER_SIGNING -> post(STRIPE, body.replaceFirst("\"amount_total\"\\s*:\\s*\\d+",
                    "\"amount_total\":1").replace("\"livemode\":false", "\"livemode\": false"), Map.of(
                    "Stripe-Signature", StripeSigner.header(body, Outside.STRIPE_WEBHOOK_SECRET)));
            case SIGNED_MALFORMED_JSON -> {
                String malformed = body.substring(0, own.nextInt(Math.max(1, body.length() - 1)));
                yield post(STRIPE, malformed, Map.of("Stripe-Signature", StripeSigner.header(malformed,
                        Outside.STRIPE_WEBHOOK_SECRET)));
            }
            case OVERSIZE_BODY -> {
                String huge = "{\"id\":\"evt_huge\",\"padding\":\"" + "x".repeat(300 * 1024) + "\"}";
                yield post(STRIPE, huge, Map.of("Stripe-Signature", StripeSigner.header(huge,
                        Outside.STRIPE_WEBHOOK_SECRET)));
            }
            case WRONG_METHOD -> HttpRequest.newBuilder(URI.create(own.nextBoolean() ? STRIPE : SIMOLOGY))
                    .method(own.nextBoolean() ? "PUT" : "DELETE", HttpRequest.BodyPublishers.ofString(body));
            case WRONG_PATH -> post(Outside.INGRESS + List.of("/webhooks/paypal", "/webhooks/stripe/extra",
                    "/webhooks", "/admin", "/webhooks/providers/").get(own.nextInt(5)), body, Map.of());
            case UNSIGNED_PROVIDER_CALLBACK -> post(SIMOLOGY, providerCallback(own), Map.of());
            case MIS_SIGNED_PROVIDER_CALLBACK -> post(SIMOLOGY, providerCallback(own), Map.of("Simology-Signature",
                    "t=" + Instant.now().getEpochSecond() + ",v1=" + Long.toHexString(own.nextLong())));
            case UNKNOWN_PROVIDER -> post(Outside.INGRESS + "/webhooks/providers/nope", providerCallback(own),
                    Map.of());
            default -> govUkPayRequest(v, own);
        };
    }

    /** GOV.UK Pay's endpoint: every request carries a genuine message, tampered with or mis-signed. */
    private HttpRequest.Builder govUkPayRequest(Variant v, Random own) {
        String body = realGovUkPayMessage;
        String secret = Outside.GOVUKPAY_WEBHOOK_SECRET;
        return switch (v) {
            case GOVUKPAY_NO_SIGNATURE -> post(GOVUKPAY, body, Map.of());
            case GOVUKPAY_GARBAGE_SIGNATURE -> post(GOVUKPAY, body, Map.of("Pay-Signature",
                    Long.toHexString(own.nextLong()) + Long.toHexString(own.nextLong())));
            case GOVUKPAY_OTHER_SECRET -> post(GOVUKPAY, body, Map.of("Pay-Signature",
                    GovUkPayMessages.signature(body, "govukpay_someone_elses_secret_" + own.nextInt(1000))));
            case GOVUKPAY_BODY_SWAPPED_AFTER_SIGNING -> post(GOVUKPAY, body.replaceFirst("\"amount\"\\s*:\\s*\\d+",
                    "\"amount\":1").replace("\"api_version\":1", "\"api_version\": 1"), Map.of("Pay-Signature",
                    GovUkPayMessages.signature(body, secret)));
            case GOVUKPAY_SIGNED_MALFORMED_JSON -> {
                String malformed = body.substring(0, own.nextInt(Math.max(1, body.length() - 1)));
                yield post(GOVUKPAY, malformed, Map.of("Pay-Signature", GovUkPayMessages.signature(malformed,
                        secret)));
            }
            case GOVUKPAY_OVERSIZE_BODY -> {
                String huge = "{\"id\":\"huge\",\"padding\":\"" + "x".repeat(300 * 1024) + "\"}";
                yield post(GOVUKPAY, huge, Map.of("Pay-Signature", GovUkPayMessages.signature(huge, secret)));
            }
            default -> throw new IllegalArgumentException("not a GOV.UK Pay variant: " + v);
        };
    }

    private static String providerCallback(Random own) {
        return "{\"id\":\"evt_" + Long.toHexString(own.nextLong()) + "\",\"type\":\"order.completed\","
                + "\"data\":{\"order_id\":\"so_x\",\"reference\":\"ord_" + Long.toHexString(own.nextLong())
                + "\",\"lines\":[{\"iccid\":\"8988307000000000001\",\"lpa\":\"LPA:1$x$y\"}]}}";
    }

    private static HttpRequest.Builder post(String url, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(b::header);
        return b;
    }

    /** Connections that send a request line and then one header byte at a time, never finishing. */
    private static List<Socket> slowDrip(int count) {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            try {
                Socket s = new Socket("localhost", LocalStack.INGRESS_PORT);
                s.getOutputStream().write(("POST /webhooks/stripe HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Length: 100000\r\nX-Slow: ").getBytes(StandardCharsets.US_ASCII));
                sockets.add(s);
            } catch (IOException e) {
                // refused: the server protects itself, which is fine
            }
        }
        return sockets;
    }

    private static void drip(List<Socket> sockets) {
        for (Socket s : sockets) {
            try {
                OutputStream out = s.getOutputStream();
                out.write('a');
                out.flush();
            } catch (IOException e) {
                // the server closed it: what a server under a slow-drip attack should do
            }
        }
    }

    /** Closes the slow connections; returns how many the server had kept open to the end. */
    private static int close(List<Socket> sockets) {
        int open = 0;
        for (Socket s : sockets) {
            try {
                s.getOutputStream().write('b');
                s.getOutputStream().flush();
                open++;
            } catch (IOException e) {
                // closed by the server
            }
            try {
                s.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
        return open;
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
