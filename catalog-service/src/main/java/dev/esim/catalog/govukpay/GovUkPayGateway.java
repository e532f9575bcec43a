package dev.esim.catalog.govukpay;

import dev.esim.catalog.gateways.Gateway;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * GOV.UK Pay as a {@link Gateway}. A GOV.UK Pay payment is both the hosted session and the payment: its
 * {@code payment_id} stands in for Stripe's session and PaymentIntent ids, its {@code next_url} is the page the
 * traveller pays on, and our order id travels as its {@code reference}, which is how payment-ingress maps webhooks
 * back to orders. GOV.UK Pay takes pounds only and ends a payment unpaid after 90 minutes.
 *
 * <p>Idempotency: payment creation sends our key as {@code Idempotency-Key}. Refunds have no such header; their
 * guard is {@code refund_amount_available} (GOV.UK Pay refuses a refund computed from a stale balance); a
 * retried full refund that finds nothing left to refund answers with the refund that took it, and a retried partial
 * one with the refund of its amount that our ledger does not hold yet.
 */
final class GovUkPayGateway implements Gateway {

    static final String NAME = "govukpay";
    static final Duration PAYMENT_LIFETIME = Duration.ofMinutes(90);
    private static final int MAX_DESCRIPTION = 255;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[A-Za-z_]+\\}");

    private final GovUkPayApi api;

    GovUkPayGateway(GovUkPayApi api) {
        this.api = api;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean takes(String gateway, String currency) {
        return NAME.equals(gateway) && "GBP".equalsIgnoreCase(currency);
    }

    @Override
    public Session createSession(SessionRequest r) {
        if (!"GBP".equalsIgnoreCase(r.currency())) {
            throw new IllegalArgumentException("GOV.UK Pay takes GBP only, not " + r.currency());
        }
        long amount = r.lines().stream().mapToLong(l -> l.unitAmountMinor() * l.quantity()).sum();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("amount", amount);
        body.put("reference", r.orderId());
        body.put("description", description(r.lines()));
        body.put("return_url", returnUrl(r.successUrl(), r.orderId()));
        if (r.customerEmail() != null) {
            body.put("email", r.customerEmail());
        }
        body.put("language", "en");
        body.put("metadata", Map.of("order_kind", r.kind()));
        // GOV.UK Pay takes letters, digits and hyphens in a key: our order ids' underscore becomes a hyphen
        JsonNode payment = api.post("/v1/payments", body, r.idempotencyKey().replaceAll("[^A-Za-z0-9-]", "-"));
        Instant created = Instant.parse(payment.path("created_date").asString());
        Instant gatewayEnd = created.plus(PAYMENT_LIFETIME);
        Instant expiresAt = r.expiresAt() != null && r.expiresAt().isBefore(gatewayEnd) ? r.expiresAt() : gatewayEnd;
        return new Session(payment.path("payment_id").asString(),
                payment.path("_links").path("next_url").path("href").asString(), expiresAt);
    }

    /**
     * GOV.UK Pay sends the traveller back to {@code return_url} as given and refuses one that is not a plain URL, so
     * a Stripe-style placeholder ({@code {CHECKOUT_SESSION_ID}}) in the client's success URL becomes our order id,
     * which the shop's thank-you page can look the order up by.
     */
    static String returnUrl(String successUrl, String orderId) {
        return PLACEHOLDER.matcher(successUrl).replaceAll(orderId);
    }

    private static String description(List<Line> lines) {
        String d = lines.stream()
                .map(l -> l.quantity() == 1 ? l.name() : l.quantity() + " × " + l.name())
                .collect(Collectors.joining(", "));
        return d.length() <= MAX_DESCRIPTION ? d : d.substring(0, MAX_DESCRIPTION - 1) + "…";
    }

    @Override
    public Outcome expire(String gateway, String paymentId) {
        try {
            api.post("/v1/payments/" + GovUkPayApi.enc(paymentId) + "/cancel", null, null);
            return Outcome.EXPIRED;
        } catch (GovUkPayApi.Refused e) {
            // GOV.UK Pay cancels only unfinished payments: find out how this one finished
            JsonNode state = api.get("/v1/payments/" + GovUkPayApi.enc(paymentId)).path("state");
            if ("success".equals(state.path("status").asString())) {
                return Outcome.COMPLETED;
            }
            if (state.path("finished").asBoolean(false)) {
                return Outcome.EXPIRED;
            }
            throw new IllegalStateException("payment " + paymentId + " is still " + state.path("status").asString());
        }
    }

    @Override
    public Refund refund(RefundRequest r) {
        String paymentId = r.paymentIntentId() != null ? r.paymentIntentId() : r.checkoutSessionId();
        JsonNode payment = paymentToRefund(paymentId);
        if (!"success".equals(payment.path("state").path("status").asString())) {
            throw new RefundRefusedException("payment_not_successful");
        }
        long available = payment.path("refund_summary").path("amount_available").asLong(0);
        if (r.amountMinor() != null) {
            Optional<Refund> answered = unrecordedRefund(paymentId, r.amountMinor(), r.recordedRefundIds());
            if (answered.isPresent()) {
                return answered.get();
            }
        } else if (available <= 0) {
            return earlierRefund(paymentId).orElseThrow(() -> new RefundRefusedException("refund_not_available"));
        }
        long amount = r.amountMinor() != null ? r.amountMinor() : available;
        if (amount < 1 || amount > available) {
            throw new RefundRefusedException("refund_amount_unavailable");
        }
        try {
            JsonNode refund = api.post("/v1/payments/" + GovUkPayApi.enc(paymentId) + "/refunds",
                    Map.of("amount", amount, "refund_amount_available", available), null);
            return refund(refund);
        } catch (GovUkPayApi.Refused e) {
            if (e.status() == 412) {
                // P0604: the balance moved under us (a refund in flight); the caller retries with a fresh one
                throw new GatewayUnavailableException(e.getMessage(), e);
            }
            throw new RefundRefusedException(e.code().isEmpty() ? "refund_refused" : e.code());
        }
    }

    /** The refund that already took the whole balance (a retried request after a crash, or a second asker). */
    private Optional<Refund> earlierRefund(String paymentId) {
        Refund latest = null;
        for (Refund refund : refundsOf(paymentId)) {
            latest = refund;
        }
        return Optional.ofNullable(latest);
    }

    /**
     * A refund of exactly {@code amount} that our ledger does not hold: this request's own, made before a crash lost
     * its answer (GOV.UK Pay takes no idempotency key for refunds, so a partial refund retried would be a second one).
     */
    private Optional<Refund> unrecordedRefund(String paymentId, long amount, Set<String> recorded) {
        return refundsOf(paymentId).stream()
                .filter(refund -> refund.amountMinor() == amount && !recorded.contains(refund.id()))
                .findFirst();
    }

    /** The payment's refunds that went or are going through, oldest first. */
    private List<Refund> refundsOf(String paymentId) {
        JsonNode list = api.get("/v1/payments/" + GovUkPayApi.enc(paymentId) + "/refunds");
        JsonNode refunds = list.path("_embedded").path("refunds");
        if (!refunds.isArray()) {
            refunds = list.path("results");
        }
        List<Refund> made = new ArrayList<>();
        for (JsonNode r : refunds) {
            String status = r.path("status").asString();
            if ("submitted".equals(status) || "success".equals(status)) {
                made.add(refund(r));
            }
        }
        return made;
    }

    private static Refund refund(JsonNode r) {
        String status = switch (r.path("status").asString()) {
            case "success" -> "succeeded";
            case "error" -> "failed";
            default -> "pending";
        };
        return new Refund(r.path("refund_id").asString(), r.path("amount").asLong(), "GBP", status);
    }

    /** The payment to refund; one GOV.UK Pay does not know is a refusal, not a fault. */
    private JsonNode paymentToRefund(String paymentId) {
        try {
            return api.get("/v1/payments/" + GovUkPayApi.enc(paymentId));
        } catch (GovUkPayApi.Refused e) {
            throw new RefundRefusedException(e.code().isEmpty() ? "payment_not_found" : e.code());
        }
    }
}
