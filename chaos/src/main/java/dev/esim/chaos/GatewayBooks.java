package dev.esim.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the payment gateways themselves say about the run's money, read through their own APIs once the run is over:
 * for each order's checkout, whether its payment was taken, naming which order, for how much, and each refund of it.
 * Stripe: the Checkout Session ({@code GET /v1/checkout/sessions/{id}}) and the refund events ({@code GET /v1/events},
 * {@code refund.*}). GOV.UK Pay: the payment ({@code GET /v1/payments/{id}}), its refunds
 * ({@code GET /v1/payments/{id}/refunds}) and the searches of succeeded payments and of refunds.
 */
final class GatewayBooks {

    /**
     * One order's payment as its gateway reports it.
     *
     * @param taken   Stripe's session {@code paid}, GOV.UK Pay's payment {@code success}
     * @param state   the gateway's own word for it (for the report of a violation)
     * @param refunds refund id → amount in minor units, each refund the gateway made of it (none failed)
     */
    record Payment(String gateway, String id, boolean taken, String state, String reference, long amountMinor,
                   String currency, Map<String, Long> refunds) {
    }

    /** What is wrong with one order's money at its gateway: the payment, and its refunds. */
    record Findings(List<String> payment, List<String> refunds) {
    }

    /** Stripe payment intent → refund id → amount, from the refund events. */
    private final Map<String, Map<String, Long>> stripeRefunds;
    /** GOV.UK Pay payment id → refund id → amount, from the refund search (refunds in {@code error} left out). */
    private final Map<String, Map<String, Long>> govUkPayRefunds;
    /** Every payment GOV.UK Pay reports {@code success}, from its search; null if it could not be read. */
    private final List<JsonNode> govUkPaySucceeded;
    /** Whether GOV.UK Pay's refund search could be read (each payment's own list is read regardless). */
    private final boolean govUkPayRefundsRead;

    private GatewayBooks(Map<String, Map<String, Long>> stripeRefunds, Map<String, Map<String, Long>> govUkPayRefunds,
            List<JsonNode> govUkPaySucceeded, boolean govUkPayRefundsRead) {
        this.stripeRefunds = stripeRefunds;
        this.govUkPayRefunds = govUkPayRefunds;
        this.govUkPaySucceeded = govUkPaySucceeded;
        this.govUkPayRefundsRead = govUkPayRefundsRead;
    }

    /** Reads what is read in bulk: Stripe's refund events, GOV.UK Pay's refunds and succeeded payments. */
    static GatewayBooks read(Outside outside) {
        List<JsonNode> refunds = outside.govUkPaySearchAll("refunds", null);
        Map<String, Map<String, Long>> govUkPayRefunds = new HashMap<>();
        if (refunds != null) {
            refunds.stream().filter(r -> !"error".equals(r.path("status").asText()))
                    .forEach(r -> govUkPayRefunds.computeIfAbsent(r.path("payment_id").asText(),
                            k -> new LinkedHashMap<>()).put(r.path("refund_id").asText(), r.path("amount").asLong()));
        }
        return new GatewayBooks(stripeRefunds(outside), govUkPayRefunds,
                outside.govUkPaySearchAll("payments", "success"), refunds != null);
    }

    /** How many refunds (distinct refund ids) Stripe made of each payment intent, from its refund events. */
    Map<String, Integer> stripeRefundCounts() {
        Map<String, Integer> counts = new HashMap<>();
        stripeRefunds.forEach((intent, ids) -> counts.put(intent, ids.size()));
        return counts;
    }

    /**
     * The payment behind a checkout, as its gateway reports it now; null when the gateway does not know it or could
     * not be read.
     *
     * @param sessionId the checkout's {@code id}: Stripe's session, GOV.UK Pay's payment
     */
    Payment payment(Outside outside, String gateway, String sessionId) {
        if (Journey.GOVUKPAY.equals(gateway)) {
            Outside.Response r = outside.govUkPayPayment(sessionId);
            if (r.status() != 200) {
                return null;
            }
            JsonNode p = r.json();
            Map<String, Long> refunds = new LinkedHashMap<>(govUkPayRefunds.getOrDefault(sessionId, Map.of()));
            if (!refunds.isEmpty() || p.path("refund_summary").path("amount_submitted").asLong() > 0) {
                // the payment's own list, so that a refund the search paged past is still counted, and once
                Outside.Response own = outside.govUkPayRefundsOf(sessionId);
                if (own.status() == 200) {
                    own.json().path("_embedded").path("refunds").forEach(x -> {
                        if (!"error".equals(x.path("status").asText())) {
                            refunds.put(x.path("refund_id").asText(), x.path("amount").asLong());
                        }
                    });
                }
            }
            String status = p.path("state").path("status").asText();
            String code = p.path("state").path("code").asText("");
            return new Payment(gateway, sessionId, "success".equals(status), status + (code.isEmpty() ? ""
                    : " " + code), p.path("reference").asText(null), p.path("amount").asLong(), "GBP", refunds);
        }
        Outside.Response r = outside.checkoutSession(sessionId);
        if (r.status() != 200) {
            return null;
        }
        JsonNode s = r.json();
        String intent = s.path("payment_intent").asText(null);
        Map<String, Long> refunds = intent == null ? Map.of() : stripeRefunds.getOrDefault(intent, Map.of());
        return new Payment(gateway, sessionId, "paid".equals(s.path("payment_status").asText()),
                s.path("status").asText() + "/" + s.path("payment_status").asText(),
                s.path("client_reference_id").asText(null), s.path("amount_total").asLong(),
                s.path("currency").asText(""), refunds);
    }

    /**
     * GOV.UK Pay's succeeded payments that are not the checkout of an order of the run: every payment it took must be
     * one (a second payment naming an order is money taken twice).
     *
     * @param sessions the GOV.UK Pay payment ids of the run's checkouts (orders and top-ups)
     * @param orders   the run's order ids (orders and top-ups)
     */
    List<String> govUkPayPaymentsOfNoCheckout(Set<String> sessions, Set<String> orders) {
        List<String> strays = new ArrayList<>();
        if (govUkPaySucceeded == null) {
            strays.add("GOV.UK Pay's search of succeeded payments could not be read");
            return strays;
        }
        for (JsonNode p : govUkPaySucceeded) {
            String id = p.path("payment_id").asText();
            String reference = p.path("reference").asText();
            if (!sessions.contains(id)) {
                strays.add("govukpay payment " + id + " was taken for " + (orders.contains(reference)
                        ? "order " + reference + ", whose checkout is another payment" : "no order of the run ("
                        + reference + ")"));
            }
        }
        return strays;
    }

    /** GOV.UK Pay's refunds (from its search) of payments that are no checkout of the run. */
    List<String> govUkPayRefundsOfNoCheckout(Set<String> sessions) {
        List<String> strays = new ArrayList<>();
        if (!govUkPayRefundsRead) {
            strays.add("GOV.UK Pay's refund search could not be read");
        }
        govUkPayRefunds.forEach((payment, refunds) -> {
            if (!sessions.contains(payment)) {
                strays.add("govukpay refunded " + refunds.keySet() + " of payment " + payment
                        + ", which is no order's checkout");
            }
        });
        return strays;
    }

    /**
     * Judges one order's money at its gateway. Its payment: taken exactly when the traveller paid, and then naming
     * the order, for its total. Its refunds: one, of the whole amount, when the order ended {@code refunded} other
     * than by the bank's chargeback; none otherwise.
     *
     * @param paidByTool the traveller's "pay" was accepted (not a decline, not a foreign link)
     * @param status     the order's end status
     * @param total      the order's total as the order API gives it ({@code {amount, currency}})
     * @param disputed   the bank disputed the payment: money it sends back is not a refund
     */
    static Findings judge(Payment p, String sessionId, String orderId, boolean paidByTool, String status,
            JsonNode total, boolean disputed) {
        List<String> payment = new ArrayList<>();
        List<String> refunds = new ArrayList<>();
        if (p == null) {
            if (paidByTool) {
                payment.add("its gateway does not know its payment " + sessionId);
            }
            return new Findings(payment, refunds);
        }
        String name = p.gateway() + " payment " + p.id();
        if (paidByTool && !p.taken()) {
            payment.add("paid, but " + name + " is " + p.state());
        } else if (!paidByTool && p.taken()) {
            payment.add("not paid by the traveller, but " + name + " was taken; order " + status);
        }
        if (p.taken()) {
            if (!orderId.equals(p.reference())) {
                payment.add(name + " names " + p.reference());
            }
            long totalMinor = minor(total);
            String currency = total.path("currency").asText();
            if (p.amountMinor() != totalMinor || !p.currency().equalsIgnoreCase(currency)) {
                payment.add(name + " of " + p.amountMinor() + " " + p.currency().toUpperCase(Locale.ROOT)
                        + " (minor units) for an order of " + totalMinor + " " + currency);
            }
        }
        int expected = p.taken() && "refunded".equals(status) && !disputed ? 1 : 0;
        if (p.refunds().size() != expected) {
            refunds.add(p.gateway() + " refunded payment " + p.id() + " " + p.refunds().size() + " times "
                    + p.refunds().keySet() + ", order " + status + (disputed ? " after a chargeback" : ""));
        } else if (expected == 1) {
            long refunded = p.refunds().values().stream().mapToLong(Long::longValue).sum();
            if (refunded != p.amountMinor()) {
                refunds.add(p.gateway() + " refunded " + refunded + " of " + p.amountMinor() + " of payment "
                        + p.id());
            }
        }
        return new Findings(payment, refunds);
    }

    /** An order API amount ({@code {amount: 12.99, currency: "GBP"}}) in minor units; -1 if it has none. */
    static long minor(JsonNode amount) {
        if (!amount.path("amount").isNumber() && !amount.path("amount").isTextual()) {
            return -1;
        }
        int digits;
        try {
            digits = Math.max(0, Currency.getInstance(amount.path("currency").asText().toUpperCase(Locale.ROOT))
                    .getDefaultFractionDigits());
        } catch (IllegalArgumentException e) {
            digits = 2;
        }
        return new BigDecimal(amount.path("amount").asText()).movePointRight(digits).longValue();
    }

    /** Stripe's refunds per payment intent, from its refund events (distinct refund ids). */
    private static Map<String, Map<String, Long>> stripeRefunds(Outside outside) {
        Map<String, Map<String, Long>> refunds = new HashMap<>();
        String after = null;
        while (true) {
            Outside.Response page = outside.gatewayEvents("refund.*", after);
            JsonNode data = page.json().path("data");
            for (JsonNode e : data) {
                JsonNode refund = e.path("data").path("object");
                refunds.computeIfAbsent(refund.path("payment_intent").asText(), k -> new LinkedHashMap<>())
                        .put(refund.path("id").asText(), refund.path("amount").asLong());
                after = e.path("id").asText();
            }
            if (!page.json().path("has_more").asBoolean(false) || data.isEmpty()) {
                return refunds;
            }
        }
    }
}
