package dev.esim.sandbox.govukpay;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * The stand-in's memory — payments and their refunds — and the moves the API, the payment page and time make on them,
 * each with the webhook messages GOV.UK Pay would send. Every move is journalled in one piece before it is answered
 * (with {@code sandbox.state-dir}), and its messages are handed to the sender only after that. Synchronized: traffic
 * is a test or a developer clicking, not a load test.
 */
final class Payments {

    /** GOV.UK Pay gives the paying user 90 minutes from creation to finish. */
    static final Duration EXPIRY = Duration.ofMinutes(90);

    /** What creating answered: a new payment, or the one an {@code Idempotency-Key} had already created. */
    record Created(Payment payment, boolean replayed) {
    }

    private final Clock clock;
    private final GovUkPayJournal journal;
    private final IdempotencyKeys keys;
    private final WebhookMessages messages;
    private final WebhookSender sender;
    private final Duration refundDelay;
    private final Map<String, Payment> payments = new LinkedHashMap<>();
    private final Map<String, Refund> refunds = new LinkedHashMap<>();

    Payments(Clock clock, GovUkPayJournal journal, IdempotencyKeys keys, WebhookMessages messages,
            WebhookSender sender, Duration refundDelay) {
        this.clock = clock;
        this.journal = journal;
        this.keys = keys;
        this.messages = messages;
        this.sender = sender;
        this.refundDelay = refundDelay;
        journal.restored().payments().forEach(p -> payments.put(p.paymentId(), p));
        journal.restored().refunds().forEach(r -> refunds.put(r.refundId(), r));
        // refunds still submitted when the sandbox stopped succeed when they were due, or now if that has passed
        refunds.values().stream().filter(r -> "submitted".equals(r.status())).forEach(r -> sender.schedule(() ->
                settleRefund(r.refundId()), Duration.between(clock.instant(), r.createdDate().plus(refundDelay))));
    }

    synchronized Created create(String apiKey, String idempotencyKey, JsonNode body, CreatePaymentRequest request,
            String baseUrl) {
        Optional<String> earlier = keys.paymentFor(apiKey, idempotencyKey, body);
        if (earlier.isPresent()) {
            return new Created(current(payments.get(earlier.get())), true);
        }
        Payment payment = new Payment(Ids.next(), request.amount(), request.reference(), request.description(),
                request.returnUrl(), request.email(), request.language(), request.metadata(), clock.instant(),
                "created", null, null, baseUrl);
        journal.atomically(() -> {
            put(payment);
            keys.remember(apiKey, idempotencyKey, body, payment.paymentId());
            return null;
        });
        return new Created(payment, false);
    }

    /** The payment as it is now (expired first if its 90 minutes are up). */
    synchronized Optional<Payment> find(String paymentId) {
        return Optional.ofNullable(payments.get(paymentId)).map(this::current);
    }

    /** Payments matching {@code filter}, newest first, as GOV.UK Pay's search lists them. */
    synchronized List<Payment> search(Predicate<Payment> filter) {
        expireOverdue();
        List<Payment> out = new ArrayList<>();
        payments.values().forEach(p -> {
            if (filter.test(p)) {
                out.add(0, p);
            }
        });
        return out;
    }

    /** {@code POST /v1/payments/{id}/cancel}: only a payment still in progress; no webhook, as GOV.UK Pay. */
    synchronized void cancel(String paymentId) {
        Payment p = find(paymentId).orElseThrow(() -> ApiError.notFound("P0500"));
        if (p.finished()) {
            throw ApiError.of(409, "P0502", "This payment is " + p.status() + " and can no longer be cancelled");
        }
        journal.atomically(() -> {
            put(p.withState("cancelled", "P0040", "Payment was cancelled by the service"));
            return null;
        });
    }

    /** The traveller opened the payment page: a {@code created} payment becomes {@code started}. */
    synchronized Optional<Payment> visit(String paymentId) {
        Optional<Payment> p = find(paymentId);
        if (p.isPresent() && "created".equals(p.get().status())) {
            Payment started = p.get().withState("started", null, null);
            journal.atomically(() -> {
                put(started);
                return null;
            });
            return Optional.of(started);
        }
        return p;
    }

    /** "Pay": the card is authorised and taken at once, so succeeded and captured arrive together. */
    synchronized Payment pay(String paymentId, String email) {
        return finish(inProgress(paymentId).withEmail(email).withState("success", null, null),
                "card_payment_succeeded", "card_payment_captured");
    }

    synchronized Payment decline(String paymentId, String email) {
        return finish(inProgress(paymentId).withEmail(email).withState("failed", "P0010", "Payment method rejected"),
                "card_payment_failed");
    }

    /** The traveller chose "Cancel payment" on the page (unlike {@link #cancel}, which is the service's doing). */
    synchronized Payment cancelByUser(String paymentId, String email) {
        return finish(inProgress(paymentId).withEmail(email)
                .withState("failed", "P0030", "Payment was cancelled by the user"), "card_payment_failed");
    }

    /** Expires every payment whose 90 minutes are up, each with its {@code card_payment_expired}. */
    synchronized void expireOverdue() {
        List.copyOf(payments.values()).forEach(this::current);
    }

    synchronized Refund refund(String paymentId, long amount, Long refundAmountAvailable) {
        Payment p = find(paymentId).orElseThrow(() -> ApiError.notFound("P0600"));
        Representations.RefundSummary summary = summary(p);
        if (!"available".equals(summary.status())) {
            throw ApiError.of(400, "P0603", "This payment cannot be refunded; its refund status is "
                    + summary.status());
        }
        if (refundAmountAvailable != null && refundAmountAvailable != summary.amountAvailable()) {
            throw ApiError.of(412, "P0604", "refund_amount_available is " + refundAmountAvailable + " but "
                    + summary.amountAvailable() + " is available to refund");
        }
        if (amount > summary.amountAvailable()) {
            throw ApiError.of(400, "P0603", "Only " + summary.amountAvailable() + " of this payment is left to"
                    + " refund");
        }
        Refund refund = new Refund(Ids.next(), paymentId, amount, "submitted", clock.instant(), p.baseUrl());
        journal.atomically(() -> {
            put(refund);
            return null;
        });
        sender.schedule(() -> settleRefund(refund.refundId()), refundDelay);
        return refund;
    }

    synchronized List<Refund> refundsOf(String paymentId) {
        return refunds.values().stream().filter(r -> r.paymentId().equals(paymentId)).toList();
    }

    /** Refunds matching {@code filter}, newest first. */
    synchronized List<Refund> searchRefunds(Predicate<Refund> filter) {
        List<Refund> out = new ArrayList<>();
        refunds.values().forEach(r -> {
            if (filter.test(r)) {
                out.add(0, r);
            }
        });
        return out;
    }

    synchronized Representations.RefundSummary summary(Payment p) {
        long submitted = refunds.values().stream().filter(r -> r.paymentId().equals(p.paymentId()))
                .mapToLong(Refund::amount).sum();
        return Representations.RefundSummary.of(p, submitted);
    }

    synchronized Map<String, Object> render(Payment p) {
        return Representations.payment(p, summary(p));
    }

    private synchronized void settleRefund(String refundId) {
        Refund refund = refunds.get(refundId);
        if (refund == null || !"submitted".equals(refund.status())) {
            return;
        }
        Refund done = refund.succeeded();
        List<WebhookMessage> made = journal.atomically(() -> {
            put(done);
            return List.of(messages.make("card_payment_refunded", "refund", done.refundId(),
                    Representations.refund(done)));
        });
        messages.send(made);
    }

    private Payment inProgress(String paymentId) {
        Payment p = find(paymentId).orElseThrow(() -> ApiError.notFound("P0200"));
        if (p.finished()) {
            throw ApiError.of(409, "P0502", "This payment is already " + p.status());
        }
        return p;
    }

    private Payment finish(Payment finished, String... eventTypes) {
        List<WebhookMessage> made = journal.atomically(() -> {
            put(finished);
            List<WebhookMessage> out = new ArrayList<>();
            for (String type : eventTypes) {
                out.add(messages.make(type, "payment", finished.paymentId(), render(finished)));
            }
            return out;
        });
        messages.send(made);
        return finished;
    }

    /** {@code p}, or {@code p} expired (and said so) if it is unfinished and its 90 minutes are up. */
    private Payment current(Payment p) {
        if (p.finished() || clock.instant().isBefore(p.createdDate().plus(EXPIRY))) {
            return p;
        }
        return finish(p.withState("failed", "P0020", "Payment expired"), "card_payment_expired");
    }

    private void put(Payment p) {
        payments.put(p.paymentId(), p);
        journal.payment(p);
    }

    private void put(Refund r) {
        refunds.put(r.refundId(), r);
        journal.refund(r);
    }
}
