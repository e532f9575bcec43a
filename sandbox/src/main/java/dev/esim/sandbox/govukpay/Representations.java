package dev.esim.sandbox.govukpay;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Payments and refunds as GOV.UK Pay's API renders them: snake_case, HAL-style {@code _links}, dates with millis. */
final class Representations {

    private Representations() {
    }

    /**
     * How much of a payment can still be refunded. {@code pending} until it is paid; {@code available} while money is
     * left, {@code full} once all of it is refunded (submitted refunds count); {@code unavailable} if never paid.
     */
    record RefundSummary(String status, long amountAvailable, long amountSubmitted) {

        static RefundSummary of(Payment p, long submitted) {
            long available = p.amount() - submitted;
            String status;
            if (!p.finished()) {
                status = "pending";
            } else if (!"success".equals(p.status())) {
                status = "unavailable";
            } else {
                status = available > 0 ? "available" : "full";
            }
            return new RefundSummary(status, "success".equals(p.status()) ? available : p.amount(), submitted);
        }
    }

    static Map<String, Object> payment(Payment p, RefundSummary refunds) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("amount", p.amount());
        out.put("description", p.description());
        out.put("reference", p.reference());
        out.put("language", p.language());
        if (p.email() != null) {
            out.put("email", p.email());
        }
        if (p.metadata() != null) {
            out.put("metadata", p.metadata());
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("status", p.status());
        state.put("finished", p.finished());
        if (p.code() != null) {
            state.put("message", p.message());
            state.put("code", p.code());
        }
        out.put("state", state);
        out.put("payment_id", p.paymentId());
        out.put("payment_provider", "sandbox");
        out.put("created_date", Ids.date(p.createdDate()));
        out.put("refund_summary", object("status", refunds.status(), "amount_available", refunds.amountAvailable(),
                "amount_submitted", refunds.amountSubmitted()));
        out.put("settlement_summary", object());
        out.put("delayed_capture", false);
        out.put("moto", false);
        out.put("return_url", p.returnUrl());
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("self", link(p.selfHref(), "GET"));
        // only a payment still in progress can be paid or cancelled: GOV.UK Pay renders these links null otherwise
        links.put("next_url", p.finished() ? null : link(p.nextUrl(), "GET"));
        links.put("refunds", link(p.selfHref() + "/refunds", "GET"));
        links.put("cancel", p.finished() ? null : link(p.selfHref() + "/cancel", "POST"));
        out.put("_links", links);
        return out;
    }

    static Map<String, Object> refund(Refund r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("refund_id", r.refundId());
        out.put("payment_id", r.paymentId());
        out.put("created_date", Ids.date(r.createdDate()));
        out.put("amount", r.amount());
        out.put("status", r.status());
        out.put("settlement_summary", object());
        out.put("_links", object("self", link(r.selfHref(), "GET"), "payment", link(r.paymentHref(), "GET")));
        return out;
    }

    /** {@code GET /v1/payments/{id}/refunds}: the payment's refunds, embedded. */
    static Map<String, Object> refundsOf(Payment p, List<Refund> refunds) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("payment_id", p.paymentId());
        out.put("_links", object("self", link(p.selfHref() + "/refunds", "GET"), "payment",
                link(p.selfHref(), "GET")));
        out.put("_embedded", object("refunds", refunds.stream().map(Representations::refund).toList()));
        return out;
    }

    static Map<String, Object> link(String href, String method) {
        return object("href", href, "method", method);
    }

    /** An object whose keys render in the order given (a journal restart must not reorder a body). */
    static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }
}
