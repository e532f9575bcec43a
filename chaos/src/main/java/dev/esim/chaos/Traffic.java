package dev.esim.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Travellers at a fixed rate: each checks out a plan of the catalogue and pays (or is declined, or pays a foreign
 * payment link); a share is refunded by support, tops up or is charged back by the bank once active. A plan priced in
 * pounds is paid through GOV.UK Pay ({@code payment_gateway: govukpay}, see {@link Journey#gatewayFor}), the rest
 * through Stripe. Every step is retried with the same idempotency key while the platform is down, as a traveller's
 * browser and support's tooling would.
 */
final class Traffic implements AutoCloseable {

    /** How long one step keeps retrying through outages before the journey is reported as abandoned. */
    private static final Duration STEP_PATIENCE = Duration.ofMinutes(4);
    /** How long a follow-up (refund, top-up) waits for its order to become active. */
    private static final Duration FOLLOW_UP_PATIENCE = Duration.ofMinutes(15);

    private final Outside outside;
    private final Random random;
    private final List<String> skus;
    /** Each plan's currency, as the catalogue prices it. */
    private final Map<String, String> currencies;
    private final List<Journey> journeys = Collections.synchronizedList(new ArrayList<>());
    private final ScheduledExecutorService pool = Executors.newScheduledThreadPool(12, r -> {
        Thread t = new Thread(r, "traveller");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger running = new AtomicInteger();

    /** @param plans each plan of the catalogue (SKU) with the currency it is priced in */
    Traffic(Outside outside, Random random, Map<String, String> plans) {
        this.outside = outside;
        this.random = random;
        this.skus = List.copyOf(plans.keySet());
        this.currencies = Map.copyOf(plans);
    }

    /** Starts {@code orders} journeys, {@code perSecond} a second; returns once the last one has started. */
    void run(int orders, double perSecond) throws InterruptedException {
        long intervalNanos = (long) (1_000_000_000L / perSecond);
        long next = System.nanoTime();
        for (int i = 0; i < orders; i++) {
            Journey.Intent intent = intent();
            String sku = skus.get(random.nextInt(skus.size()));
            Journey journey = new Journey(i, intent, "traveller-" + UUID.randomUUID().toString().substring(0, 12)
                    + "@chaos.example.com", sku, Journey.gatewayFor(intent, currencies.get(sku)));
            journeys.add(journey);
            running.incrementAndGet();
            pool.execute(() -> {
                try {
                    drive(journey);
                } catch (RuntimeException e) {
                    journey.abandoned = e.toString();
                    running.decrementAndGet();
                }
            });
            next += intervalNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        }
    }

    /** Waits until every journey has taken its last step (its follow-ups included), or {@code atMost} passed. */
    boolean awaitDone(Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (running.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        return running.get() == 0;
    }

    List<Journey> journeys() {
        synchronized (journeys) {
            return List.copyOf(journeys);
        }
    }

    private Journey.Intent intent() {
        int roll = random.nextInt(100);
        if (roll < 6) {
            return Journey.Intent.DECLINE;
        } else if (roll < 10) {
            return Journey.Intent.MISMATCH;
        } else if (roll < 20) {
            return Journey.Intent.PAY_THEN_REFUND;
        } else if (roll < 26) {
            return Journey.Intent.PAY_THEN_TOP_UP;
        } else if (roll < 29) {
            return Journey.Intent.PAY_THEN_CHARGEBACK;
        }
        return Journey.Intent.PAY;
    }

    private void drive(Journey j) {
        String key = "chaos-" + UUID.randomUUID();
        // Stripe journeys name no gateway, as before: catalog's default is Stripe
        String gateway = j.viaGovUkPay() ? Journey.GOVUKPAY : null;
        Outside.Response created = retry(() -> outside.checkout(key, j.email, j.sku, gateway),
                r -> r.status() == 201);
        if (created.status() != 201) {
            abandon(j, "checkout answered " + created.status() + ": " + created.body());
            return;
        }
        j.orderId = created.json().path("order_id").asText();
        j.paymentUrl = created.json().path("payment_url").asText();
        j.sessionId = created.json().path("id").asText(null);
        switch (j.intent) {
            case DECLINE -> {
                click(j, j.paymentUrl, "decline", j.sessionId);
                done();
            }
            case MISMATCH -> {
                Outside.Response link = retry(() -> outside.foreignCheckoutSession(j.orderId, 1, "usd"),
                        r -> r.status() == 200);
                if (link.status() != 200) {
                    abandon(j, "payment link answered " + link.status());
                    return;
                }
                j.linkSessionId = link.json().path("id").asText();
                click(j, link.json().path("url").asText(), "pay", null);
                done();
            }
            case PAY -> {
                j.paidAt = click(j, j.paymentUrl, "pay", j.sessionId);
                done();
            }
            case PAY_THEN_REFUND, PAY_THEN_TOP_UP, PAY_THEN_CHARGEBACK -> {
                j.paidAt = click(j, j.paymentUrl, "pay", j.sessionId);
                if (j.paidAt == null) {
                    done();
                } else {
                    followUp(j, Instant.now().plus(FOLLOW_UP_PATIENCE));
                }
            }
        }
    }

    /** Polls the order until active, then refunds it or tops it up; rescheduled rather than blocking a thread. */
    private void followUp(Journey j, Instant giveUpAt) {
        pool.schedule(() -> {
            try {
                JsonNode order = outside.order(j.orderId).json();
                String status = order.path("status").asText();
                if (status.equals("active")) {
                    switch (j.intent) {
                        case PAY_THEN_REFUND -> refund(j);
                        case PAY_THEN_CHARGEBACK -> chargeBack(j);
                        default -> topUp(j, order.path("iccids").path(0).asText());
                    }
                    done();
                } else if (status.equals("refunded") || status.equals("failed") || Instant.now().isAfter(giveUpAt)) {
                    done(); // the platform refunded it itself (e.g. out of stock): nothing left to follow up
                } else {
                    followUp(j, giveUpAt);
                }
            } catch (RuntimeException e) {
                abandon(j, e.toString());
            }
        }, 2, TimeUnit.SECONDS);
    }

    private void refund(Journey j) {
        j.refundRequested = true;
        Outside.Response r = retry(() -> outside.refund(j.orderId, false), x -> x.status() == 202 || x.status() == 200);
        if (r.status() == 409 && r.body().contains("line_installed")) {
            // the traveller installed the line meanwhile: support refunds anyway, as a goodwill gesture
            r = retry(() -> outside.refund(j.orderId, true), x -> x.status() == 202 || x.status() == 200);
        }
        if (r.status() != 202 && r.status() != 200) {
            j.abandoned = "refund answered " + r.status() + ": " + r.body();
        }
    }

    private void chargeBack(Journey j) {
        String session = j.paymentUrl.substring(j.paymentUrl.lastIndexOf('/') + 1);
        Outside.Response s = retry(() -> outside.checkoutSession(session), x -> x.status() == 200);
        if (s.status() != 200) {
            j.abandoned = "checkout session answered " + s.status() + ": " + s.body();
            return;
        }
        String outcome = List.of("lost", "won", "needs_response").get(random.nextInt(3));
        Outside.Response r = retry(() -> outside.dispute(s.json().path("payment_intent").asText(), outcome),
                x -> x.status() == 200);
        if (r.status() == 200) {
            j.disputeOutcome = outcome;
        } else {
            j.abandoned = "dispute answered " + r.status() + ": " + r.body();
        }
    }

    private void topUp(Journey j, String iccid) {
        String key = "chaos-topup-" + UUID.randomUUID();
        String gateway = j.viaGovUkPay() ? Journey.GOVUKPAY : null;
        Outside.Response created = retry(() -> outside.topUp(key, j.email, iccid, j.sku, gateway),
                r -> r.status() == 201);
        if (created.status() != 201) {
            j.abandoned = "top-up answered " + created.status() + ": " + created.body();
            return;
        }
        j.topUpOrderId = created.json().path("order_id").asText();
        j.topUpSessionId = created.json().path("id").asText(null);
        j.topUpPaidAt = click(j, created.json().path("payment_url").asText(), "pay", j.topUpSessionId);
    }

    /**
     * Clicks the gateway page's button; returns when it was accepted, or null. A GOV.UK Pay page answers a second
     * post on a finished payment with 409: when the first one's answer was lost (the sandbox killed mid-answer),
     * the payment itself ({@code GET /v1/payments/{id}}) says whether the click took effect.
     *
     * @param paymentId the GOV.UK Pay payment behind the page, for that question; null for Stripe's pages
     */
    private Instant click(Journey j, String url, String action, String paymentId) {
        Instant at = Instant.now();
        Outside.Response r = retry(() -> outside.clickOnCheckoutPage(url, action), x -> x.status() == 303);
        if (r.status() != 303) {
            if (j.viaGovUkPay() && paymentId != null) {
                Outside.Response payment = retry(() -> outside.govUkPayPayment(paymentId), x -> x.status() == 200);
                JsonNode state = payment.json().path("state");
                if (payment.status() == 200 && clickTookEffect(action, state.path("status").asText(),
                        state.path("code").asText(null))) {
                    return at;
                }
            }
            j.abandoned = action + " answered " + r.status() + ": " + r.body();
            return null;
        }
        return at;
    }

    /**
     * Whether a GOV.UK Pay payment in this state is what the page's {@code action} makes of it: {@code pay} →
     * {@code success}; {@code decline} → {@code failed} with {@code P0010}; {@code cancel} → {@code failed} with
     * {@code P0030}.
     */
    static boolean clickTookEffect(String action, String status, String code) {
        return switch (action) {
            case "pay" -> "success".equals(status);
            case "decline" -> "failed".equals(status) && "P0010".equals(code);
            case "cancel" -> "failed".equals(status) && "P0030".equals(code);
            default -> false;
        };
    }

    private void abandon(Journey j, String why) {
        j.abandoned = why;
        done();
    }

    private void done() {
        running.decrementAndGet();
    }

    /**
     * Retries while the answer is a network failure, a 5xx (the platform restarting), a 429, or a 409 saying the same
     * idempotency key is still in use (a request cut short by a crash), up to the patience.
     */
    private static Outside.Response retry(Supplier<Outside.Response> call, Predicate<Outside.Response> ok) {
        long deadline = System.nanoTime() + STEP_PATIENCE.toNanos();
        Outside.Response r = call.get();
        while (!ok.test(r) && (r.status() < 0 || r.status() >= 500 || r.status() == 429
                || r.status() == 409 && r.body().contains("idempotency_key_in_use"))
                && System.nanoTime() < deadline) {
            sleep(Duration.ofSeconds(1));
            r = call.get();
        }
        return r;
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
