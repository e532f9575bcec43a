package dev.esim.sandbox.gateway;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The gateway's memory — sessions, PaymentIntents, charges, refunds, disputes, events — and the moves a traveller or
 * an API call makes on them. In memory, and with {@code sandbox.state-dir} also in the gateway's journal
 * ({@link GatewayJournal}): each move is written there, in one piece, before it is answered, and a restart starts
 * from it. Without a state directory a restart is empty, as a fresh Stripe test account would be. Methods are
 * synchronized: traffic is a developer clicking, not a load test.
 */
final class Ledger {

    private static final Duration MIN_EXPIRY = Duration.ofMinutes(30);
    private static final Duration MAX_EXPIRY = Duration.ofHours(24);

    private final Clock clock;
    private final WebhookDispatcher dispatcher;
    private final Duration asyncDelay;
    private final GatewayJournal journal;
    private final Map<String, SessionState> sessions = new ConcurrentHashMap<>();
    private final Map<String, PaymentIntentState> paymentIntents = new ConcurrentHashMap<>();
    private final Map<String, String> sessionByPaymentIntent = new ConcurrentHashMap<>();
    private final Map<String, ChargeState> charges = new ConcurrentHashMap<>();
    private final Map<String, RefundState> refunds = new ConcurrentHashMap<>();
    private final Map<String, DisputeState> disputesByCharge = new ConcurrentHashMap<>();
    private final Map<String, DisputeState> disputes = new ConcurrentHashMap<>();
    private final List<WebhookEvent> events = new ArrayList<>();

    Ledger(Clock clock, WebhookDispatcher dispatcher, Duration asyncDelay, GatewayJournal journal) {
        this.clock = clock;
        this.dispatcher = dispatcher;
        this.asyncDelay = asyncDelay;
        this.journal = journal;
        restore(journal.restored());
    }

    /**
     * Takes over what the journal holds; events not yet delivered go out again (as Stripe's durable retries would),
     * "pay later" payments settle when they were due.
     */
    private void restore(GatewayJournal.Restored restored) {
        restored.sessions().forEach(s -> sessions.put(s.id(), s));
        restored.paymentIntents().forEach(pi -> paymentIntents.put(pi.id(), pi));
        restored.sessions().stream().filter(s -> s.paymentIntentId() != null)
                .forEach(s -> sessionByPaymentIntent.put(s.paymentIntentId(), s.id()));
        restored.charges().forEach(c -> charges.put(c.id(), c));
        restored.refunds().forEach(r -> refunds.put(r.id(), r));
        restored.disputes().forEach(d -> {
            disputes.put(d.id(), d);
            disputesByCharge.put(d.chargeId(), d);
        });
        events.addAll(restored.events());
        dispatcher.resume(events);
        for (GatewayJournal.Settlement s : restored.settlements()) {
            Duration wait = Duration.between(clock.instant(), s.due());
            dispatcher.schedule(() -> settle(s.sessionId(), s.succeeds()), wait.isNegative() ? Duration.ZERO : wait);
        }
    }

    synchronized SessionState createSession(StripeParams p, String publicBaseUrl) {
        String mode = p.requiredString("mode");
        if (!"payment".equals(mode)) {
            throw StripeApiException.invalid("parameter_invalid_string", "mode",
                    "The sandbox gateway supports mode=payment only, not " + mode + ".");
        }
        List<StripeParams> items = p.objects("line_items");
        if (items.isEmpty()) {
            throw StripeApiException.missing("line_items");
        }
        List<LineItem> lines = new ArrayList<>();
        String currency = null;
        for (int i = 0; i < items.size(); i++) {
            LineItem line = lineItem(items.get(i), "line_items[" + i + "]");
            if (currency != null && !currency.equals(line.currency())) {
                throw StripeApiException.invalid("parameter_invalid_string",
                        "line_items[" + i + "][price_data][currency]",
                        "All line items must use the same currency.");
            }
            currency = line.currency();
            lines.add(line);
        }
        long now = clock.instant().getEpochSecond();
        Long expiresAt = p.integer("expires_at");
        if (expiresAt == null) {
            expiresAt = now + MAX_EXPIRY.toSeconds();
        } else if (expiresAt < now + MIN_EXPIRY.toSeconds() - 60 || expiresAt > now + MAX_EXPIRY.toSeconds() + 60) {
            // Stripe's own bounds (with a minute of slack for clock skew between caller and sandbox)
            throw StripeApiException.invalid("parameter_invalid_integer", "expires_at",
                    "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session"
                            + " creation.");
        }
        String successUrl = p.string("success_url");
        String cancelUrl = p.string("cancel_url");
        String customerEmail = p.string("customer_email");
        StripeParams piData = p.object("payment_intent_data");
        Map<String, String> piMetadata = piData == null ? Map.of() : piData.metadata("metadata");
        String id = StripeJson.checkoutSessionId();
        SessionState s = new SessionState(id, now, expiresAt, currency, List.copyOf(lines),
                p.string("client_reference_id"), customerEmail, p.metadata("metadata"), piMetadata, successUrl,
                cancelUrl, publicBaseUrl + "/pay/" + id, "open", "unpaid", null, null);
        put(s);
        return s;
    }

    private static LineItem lineItem(StripeParams item, String param) {
        if (item.has("price")) {
            throw StripeApiException.noSuch("price", param + "[price]", item.string("price"));
        }
        StripeParams price = item.object("price_data");
        if (price == null) {
            throw StripeApiException.invalid("parameter_missing", param,
                    "You must specify either `price` or `price_data` for each line item.");
        }
        String currency = price.requiredString("currency").toLowerCase(Locale.ROOT);
        try {
            Currency.getInstance(currency.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw StripeApiException.invalid("parameter_invalid_string", param + "[price_data][currency]",
                    "Invalid currency: " + currency);
        }
        Long unit = price.integer("unit_amount");
        if (unit == null && price.string("unit_amount_decimal") != null) {
            unit = new java.math.BigDecimal(price.string("unit_amount_decimal")).longValueExact();
        }
        if (unit == null) {
            throw StripeApiException.missing(param + "[price_data][unit_amount]");
        }
        if (unit < 0) {
            throw StripeApiException.invalid("parameter_invalid_integer", param + "[price_data][unit_amount]",
                    "This value must be greater than or equal to 0.");
        }
        StripeParams product = price.object("product_data");
        if (product == null) {
            throw StripeApiException.invalid("parameter_missing", param + "[price_data]",
                    "You must specify either `product` or `product_data` when creating a price.");
        }
        Long quantity = item.integer("quantity");
        if (quantity == null) {
            throw StripeApiException.missing(param + "[quantity]");
        }
        if (quantity < 1) {
            throw StripeApiException.invalid("parameter_invalid_integer", param + "[quantity]",
                    "Quantity must be at least 1.");
        }
        return new LineItem(StripeJson.id("li_"), product.requiredString("name"), product.string("description"), unit,
                quantity, currency);
    }

    synchronized SessionState session(String id) {
        SessionState s = sessions.get(id);
        if (s == null) {
            throw StripeApiException.noSuch("checkout.session", "session", id);
        }
        return expireIfOverdue(s);
    }

    synchronized SessionState expire(String id) {
        SessionState s = session(id);
        if (!s.isOpen()) {
            throw StripeApiException.invalid("checkout_session_not_open", null,
                    "Only Checkout Sessions with a status in [\"open\"] can be expired. This Checkout Session has a"
                            + " status of \"" + s.status() + "\".");
        }
        return markExpired(s);
    }

    /** Expires every open session past its {@code expires_at}, with its {@code checkout.session.expired} event. */
    synchronized void expireOverdue() {
        List.copyOf(sessions.values()).forEach(this::expireIfOverdue);
    }

    private SessionState expireIfOverdue(SessionState s) {
        if (s.isOpen() && clock.instant().getEpochSecond() >= s.expiresAt()) {
            return markExpired(s);
        }
        return s;
    }

    private SessionState markExpired(SessionState s) {
        return journal.atomically(() -> {
            SessionState expired = s.withStatus("expired", "unpaid");
            put(expired);
            dispatcher.send(List.of(emit("checkout.session.expired", StripeObjects.session(expired, false), null)));
            return expired;
        });
    }

    /** "Pay": the card is charged at once. */
    synchronized SessionState pay(String sessionId, String email) {
        return journal.atomically(() -> {
            SessionState s = openSession(sessionId);
            PaymentIntentState pi = charge(s, email, "succeeded", false);
            SessionState done = s.withPaymentIntent(pi.id(), email).withStatus("complete", "paid");
            put(done);
            dispatcher.send(List.of(
                    emit("checkout.session.completed", StripeObjects.session(done, false), null),
                    emit("payment_intent.succeeded", StripeObjects.paymentIntent(pi), null)));
            return done;
        });
    }

    /** "Decline": the card is refused; like Stripe, the session stays open so the traveller can try again. */
    synchronized SessionState decline(String sessionId, String email) {
        return journal.atomically(() -> {
            SessionState s = openSession(sessionId);
            PaymentIntentState pi = charge(s, email, "requires_payment_method", true);
            SessionState attempted = s.withPaymentIntent(pi.id(), email);
            put(attempted);
            dispatcher.send(List.of(emit("payment_intent.payment_failed", StripeObjects.paymentIntent(pi), null)));
            return attempted;
        });
    }

    /**
     * "Pay later": a delayed payment method. The session completes unpaid now and settles after the configured
     * delay into {@code checkout.session.async_payment_succeeded} or {@code …_failed}.
     */
    synchronized SessionState payLater(String sessionId, String email, boolean willSucceed) {
        return journal.atomically(() -> {
            SessionState s = openSession(sessionId);
            PaymentIntentState pi = charge(s, email, "processing", false);
            SessionState done = s.withPaymentIntent(pi.id(), email).withStatus("complete", "unpaid");
            put(done);
            dispatcher.send(List.of(emit("checkout.session.completed", StripeObjects.session(done, false), null)));
            journal.settlement(new GatewayJournal.Settlement(done.id(), willSucceed,
                    clock.instant().plus(asyncDelay)));
            dispatcher.schedule(() -> settle(done.id(), willSucceed), asyncDelay);
            return done;
        });
    }

    private synchronized void settle(String sessionId, boolean succeeded) {
        SessionState s = sessions.get(sessionId);
        PaymentIntentState pi = paymentIntents.get(s.paymentIntentId());
        if (!"processing".equals(pi.status())) {
            return; // settled already
        }
        ChargeState charge = charges.get(pi.latestChargeId());
        journal.atomically(() -> {
            journal.settled(sessionId);
            if (succeeded) {
                PaymentIntentState paid = pi.withStatus("succeeded", false);
                put(charge.withStatus("succeeded"));
                put(paid);
                SessionState settled = s.withStatus("complete", "paid");
                put(settled);
                dispatcher.send(List.of(
                        emit("checkout.session.async_payment_succeeded", StripeObjects.session(settled, false), null),
                        emit("payment_intent.succeeded", StripeObjects.paymentIntent(paid), null)));
            } else {
                PaymentIntentState failed = pi.withStatus("requires_payment_method", true);
                put(charge.withStatus("failed"));
                put(failed);
                dispatcher.send(List.of(
                        emit("checkout.session.async_payment_failed", StripeObjects.session(s, false), null),
                        emit("payment_intent.payment_failed", StripeObjects.paymentIntent(failed), null)));
            }
        });
    }

    private SessionState openSession(String sessionId) {
        SessionState s = session(sessionId);
        if (!s.isOpen()) {
            throw StripeApiException.invalid("checkout_session_not_open", null,
                    "This Checkout Session is " + s.status() + ".");
        }
        return s;
    }

    /** A new charge attempt on the session's PaymentIntent (created on the first attempt, reused after a decline). */
    private PaymentIntentState charge(SessionState s, String email, String status, boolean declined) {
        long now = clock.instant().getEpochSecond();
        String piId = s.paymentIntentId() != null ? s.paymentIntentId() : StripeJson.id("pi_");
        PaymentIntentState previous = paymentIntents.get(piId);
        String chargeStatus = switch (status) {
            case "succeeded" -> "succeeded";
            case "processing" -> "pending";
            default -> "failed";
        };
        String pm = StripeJson.id("pm_");
        ChargeState charge = new ChargeState(StripeJson.id("ch_"), now, s.amountTotal(), 0, s.currency(), piId, pm,
                email, s.paymentIntentMetadata(), chargeStatus);
        put(charge);
        PaymentIntentState pi = new PaymentIntentState(piId, previous != null ? previous.created() : now,
                s.amountTotal(), s.currency(), status, s.paymentIntentMetadata(), charge.id(), pm, null, declined);
        put(pi);
        sessionByPaymentIntent.put(piId, s.id());
        return pi;
    }

    synchronized PaymentIntentState paymentIntent(String id) {
        PaymentIntentState pi = paymentIntents.get(id);
        if (pi == null) {
            throw StripeApiException.noSuch("payment_intent", "intent", id);
        }
        return pi;
    }

    synchronized RefundState refund(StripeParams p, String requestId, String idempotencyKey) {
        String piId = p.string("payment_intent");
        String chargeId = p.string("charge");
        ChargeState charge;
        if (piId != null) {
            PaymentIntentState pi = paymentIntent(piId);
            if (!"succeeded".equals(pi.status())) {
                throw StripeApiException.invalid("charge_not_refundable", "payment_intent",
                        "This PaymentIntent (" + piId + ") does not have a successful charge to refund.");
            }
            charge = charges.get(pi.latestChargeId());
        } else if (chargeId != null) {
            charge = charges.get(chargeId);
            if (charge == null) {
                throw StripeApiException.noSuch("charge", "charge", chargeId);
            }
        } else {
            throw StripeApiException.invalid("parameter_missing", null,
                    "One of the following params should be provided for this request: payment_intent or charge.");
        }
        if (!"succeeded".equals(charge.status())) {
            throw StripeApiException.invalid("charge_not_refundable", "charge",
                    "Charge " + charge.id() + " has not succeeded and cannot be refunded.");
        }
        if (disputesByCharge.containsKey(charge.id())) {
            throw StripeApiException.invalid("charge_disputed", null,
                    "Charge " + charge.id() + " has been charged back; refund the dispute instead.");
        }
        if (charge.refundable() == 0) {
            throw StripeApiException.invalid("charge_already_refunded", null,
                    "Charge " + charge.id() + " has already been refunded.");
        }
        Long requested = p.integer("amount");
        long amount = requested == null ? charge.refundable() : requested;
        if (amount < 1) {
            throw StripeApiException.invalid("parameter_invalid_integer", "amount",
                    "Invalid positive integer");
        }
        if (amount > charge.refundable()) {
            throw StripeApiException.invalid("amount_too_large", "amount",
                    "Refund amount (" + money(amount, charge.currency()) + ") is greater than unrefunded amount on"
                            + " charge (" + money(charge.refundable(), charge.currency()) + ")");
        }
        String reason = p.string("reason");
        if (reason != null && !List.of("duplicate", "fraudulent", "requested_by_customer").contains(reason)) {
            throw StripeApiException.invalid("parameter_invalid_string", "reason", "Invalid reason: " + reason);
        }
        long before = charge.amountRefunded();
        ChargeState refundedCharge = charge.withRefunded(amount);
        put(refundedCharge);
        RefundState refund = new RefundState(StripeJson.id("re_"), clock.instant().getEpochSecond(), amount,
                charge.currency(), charge.id(), charge.paymentIntentId(), p.metadata("metadata"), reason, "succeeded");
        refunds.put(refund.id(), refund);
        journal.refund(refund);
        Map<String, Object> request = StripeObjects.obj("id", requestId, "idempotency_key", idempotencyKey);
        dispatcher.send(List.of(
                emit("charge.refunded", StripeObjects.charge(refundedCharge), request,
                        StripeObjects.obj("amount_refunded", before, "refunded", false)),
                emit("refund.updated", StripeObjects.refund(refund), request,
                        StripeObjects.obj("status", "pending"))));
        return refund;
    }

    /**
     * The payer's bank disputes the payment of {@code paymentIntentId} in full: {@code charge.dispute.created}, and
     * when {@code outcome} is {@code won} or {@code lost} (not {@code needs_response}) {@code charge.dispute.closed}
     * right after. A test helper: real Stripe opens disputes for payments made with its dispute test cards.
     */
    synchronized DisputeState dispute(String paymentIntentId, String reason, String outcome) {
        if (!List.of("needs_response", "won", "lost").contains(outcome)) {
            throw StripeApiException.invalid("parameter_invalid_string", "status", "Invalid status: " + outcome);
        }
        PaymentIntentState pi = paymentIntent(paymentIntentId);
        ChargeState charge = pi.latestChargeId() == null ? null : charges.get(pi.latestChargeId());
        if (charge == null || !"succeeded".equals(charge.status())) {
            throw StripeApiException.invalid("charge_not_disputable", "payment_intent",
                    "PaymentIntent " + paymentIntentId + " has no successful charge to dispute.");
        }
        if (disputesByCharge.containsKey(charge.id())) {
            throw StripeApiException.invalid("charge_already_disputed", "payment_intent",
                    "Charge " + charge.id() + " is already disputed.");
        }
        DisputeState opened = new DisputeState(StripeJson.id("dp_"), clock.instant().getEpochSecond(),
                charge.refundable(), charge.currency(), charge.id(), paymentIntentId,
                reason == null ? "fraudulent" : reason, "needs_response");
        List<WebhookEvent> sent = new ArrayList<>();
        sent.add(emit("charge.dispute.created", StripeObjects.dispute(opened), null));
        DisputeState dispute = opened;
        if (!"needs_response".equals(outcome)) {
            dispute = opened.closed(outcome);
            sent.add(emit("charge.dispute.closed", StripeObjects.dispute(dispute), null,
                    StripeObjects.obj("status", "under_review")));
        }
        remember(dispute);
        dispatcher.send(sent);
        return dispute;
    }

    /**
     * The shop accepts a dispute ({@code POST /v1/disputes/{id}/close}): it is lost at once and the money stays with
     * the payer. Closing a closed dispute is refused, as Stripe does.
     */
    synchronized DisputeState closeDispute(String id) {
        DisputeState open = openDispute(id);
        DisputeState lost = open.closed("lost");
        remember(lost);
        dispatcher.send(List.of(emit("charge.dispute.closed", StripeObjects.dispute(lost), null,
                StripeObjects.obj("status", open.status()))));
        return lost;
    }

    /**
     * The shop answers a dispute with evidence ({@code POST /v1/disputes/{id}} with {@code submit=true}). Like
     * Stripe's test mode, the sandbox's bank decides at once: lost when the evidence says {@code losing_evidence},
     * won otherwise. Evidence without {@code submit} is only kept.
     */
    synchronized DisputeState updateDispute(String id, Map<String, String> evidence, boolean submit) {
        DisputeState open = openDispute(id);
        if (!submit) {
            return open;
        }
        boolean losing = evidence.values().stream().anyMatch(v -> v != null && v.contains("losing_evidence"));
        DisputeState decided = open.closed(losing ? "lost" : "won");
        remember(decided);
        dispatcher.send(List.of(emit("charge.dispute.closed", StripeObjects.dispute(decided), null,
                StripeObjects.obj("status", "under_review"))));
        return decided;
    }

    synchronized DisputeState dispute(String id) {
        DisputeState dispute = disputes.get(id);
        if (dispute == null) {
            throw StripeApiException.noSuch("dispute", "dispute", id);
        }
        return dispute;
    }

    private DisputeState openDispute(String id) {
        DisputeState dispute = disputes.get(id);
        if (dispute == null) {
            throw StripeApiException.noSuch("dispute", "dispute", id);
        }
        if (!"needs_response".equals(dispute.status())) {
            throw StripeApiException.invalid("dispute_already_closed", null,
                    "This dispute is already closed (" + dispute.status() + ").");
        }
        return dispute;
    }

    private void remember(DisputeState dispute) {
        disputes.put(dispute.id(), dispute);
        disputesByCharge.put(dispute.chargeId(), dispute);
        journal.dispute(dispute);
    }

    private void put(SessionState s) {
        sessions.put(s.id(), s);
        journal.session(s);
    }

    private void put(PaymentIntentState pi) {
        paymentIntents.put(pi.id(), pi);
        journal.paymentIntent(pi);
    }

    private void put(ChargeState c) {
        charges.put(c.id(), c);
        journal.charge(c);
    }

    /** Events newest first, as {@code GET /v1/events} lists them. */
    synchronized List<WebhookEvent> events(Predicate<WebhookEvent> filter) {
        List<WebhookEvent> out = new ArrayList<>();
        for (int i = events.size() - 1; i >= 0; i--) {
            if (filter.test(events.get(i))) {
                out.add(events.get(i));
            }
        }
        return out;
    }

    synchronized WebhookEvent event(String id) {
        return events.stream().filter(e -> e.id().equals(id)).findFirst()
                .orElseThrow(() -> StripeApiException.noSuch("event", "id", id));
    }

    private WebhookEvent emit(String type, Map<String, Object> object, Map<String, Object> request) {
        return emit(type, object, request, null);
    }

    private WebhookEvent emit(String type, Map<String, Object> object, Map<String, Object> request,
            Map<String, Object> previousAttributes) {
        Map<String, Object> envelope = StripeObjects.event(StripeJson.id("evt_"), type,
                clock.instant().getEpochSecond(), object, previousAttributes, 1,
                request == null ? null : (String) request.get("id"),
                request == null ? null : (String) request.get("idempotency_key"));
        WebhookEvent event = new WebhookEvent(envelope);
        events.add(event);
        journal.event(event);
        return event;
    }

    static String money(long minor, String currency) {
        Currency c = Currency.getInstance(currency.toUpperCase(Locale.ROOT));
        int digits = Math.max(0, c.getDefaultFractionDigits());
        return java.math.BigDecimal.valueOf(minor, digits).toPlainString() + " " + c.getCurrencyCode();
    }
}
