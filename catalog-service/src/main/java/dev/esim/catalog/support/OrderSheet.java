package dev.esim.catalog.support;

import dev.esim.catalog.orders.OrderStatus;
import dev.esim.catalog.orders.OrderView;
import dev.esim.catalog.plans.Price;
import dev.esim.catalog.refunds.LineCancellations;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** One order as support reads it: what the order page's template shows, every value a string ready to print. */
record OrderSheet(String orderId, String kind, String status, String statusInWords, String total,
                  List<Line> lines, List<Esim> esims, boolean hasEsims, String topupIccid, String paymentGateway,
                  String paymentIntentId, String checkoutSessionId, String createdAt, String updatedAt,
                  List<Row> timeline,
                  List<RefundRow> refunds, boolean hasRefunds, List<DisputeRow> disputes, boolean hasDisputes,
                  List<FindingRow> findings, boolean hasFindings, String automaticRefund, boolean hasAutomaticRefund,
                  boolean refundable, boolean resendable, List<Esim> cancellable, boolean hasCancellable) {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    record Line(String name, String sku, int quantity, String unitPrice) {
    }

    /** @param cancellation what became of support's request to cancel the line, if any */
    record Esim(String iccid, String provider, String cancellation) {
    }

    record Row(String at, String fact, String words, String iccid, String provider, String amount) {
    }

    record RefundRow(String refundId, String amount, String reason, String requestedBy, String requestedAt) {
    }

    record DisputeRow(String disputeId, String amount, String reason, String state, String openedAt,
                      String lastError) {
    }

    record FindingRow(String kind, String detail, String firstSeenAt, String lastSeenAt) {
    }

    private static final Map<String, String> FACTS = Map.ofEntries(
            Map.entry("EXPIRED", "Checkout expired unpaid (we expired it)"),
            Map.entry("PAYMENT_SUCCEEDED", "Payment received, matching the order"),
            Map.entry("PAYMENT_MISMATCH", "A payment that does not match the order (amount, currency or session)"),
            Map.entry("PAYMENT_DECLINED", "Payment declined (the traveller may retry)"),
            Map.entry("PAYMENT_FAILED", "Payment failed for good in this checkout"),
            Map.entry("PROVIDER_DELAYED", "Provider cannot serve it now; the worker keeps retrying"),
            Map.entry("PROVIDER_PROGRESS", "Provider working on it"),
            Map.entry("LINE_READY", "Line ready (eSIM issued, or top-up added)"),
            Map.entry("LINE_CANCELLED", "Line cancelled at its provider"),
            Map.entry("PROVISIONING_FAILED", "The worker gave up: refunded automatically"),
            Map.entry("REFUNDED", "Refund confirmed by the gateway (the whole order)"),
            Map.entry("PARTIALLY_REFUNDED", "Refund of part of the order confirmed"),
            Map.entry("PAYMENT_RETURNED", "A mismatched payment sent back"));

    /** What each state of a line's cancellation means, as the eSIMs table says it. */
    private static final Map<String, String> CANCELLATIONS = Map.of(
            "requested", "cancellation requested by %s: waiting for the worker to cancel it at its provider (a line"
                    + " installed meanwhile is kept, and nothing is refunded)",
            "cancelled", "cancelled at its provider on %s's request; its price (%s) is being refunded",
            "refunded", "cancelled on %s's request; its price (%s) refunded",
            "refused", "cancelled on %s's request; the gateway refused the refund of %s: resolve it by hand",
            "kept", "cancellation requested by %s, but the eSIM was installed before its provider could cancel it:"
                    + " the traveller keeps it, nothing refunded (%s)");

    static OrderSheet of(OrderView o, Function<String, String> providerOfLine, SupportLookup lookup,
                         List<LineCancellations.Cancellation> cancellations) {
        List<Line> lines = o.lines().stream().map(l -> new Line(l.name(), l.sku(), l.quantity(),
                money(l.unitPrice().amountMinor(), l.unitPrice().currency()))).toList();
        Map<String, String> cancelled = new HashMap<>();
        cancellations.forEach(c -> cancelled.put(c.iccid(), String.format(CANCELLATIONS.get(c.state()),
                c.requestedBy(), money(c.amountMinor(), c.currency()))));
        List<Esim> esims = o.iccids().stream()
                .map(i -> new Esim(i, providerOfLine.apply(i), cancelled.getOrDefault(i, ""))).toList();
        List<Esim> cancellable = "NEW_LINE".equals(o.kind()) && o.status().paymentTaken()
                && o.status() != OrderStatus.REFUNDED
                ? esims.stream().filter(e -> e.cancellation().isEmpty()).toList() : List.of();
        List<Row> timeline = new java.util.ArrayList<>();
        timeline.add(new Row(when(o.createdAt()), "PLACED", "Order placed at checkout", "", "",
                money(o.totalMinor(), o.currency())));
        lookup.timeline(o.orderId()).forEach(f -> timeline.add(new Row(when(f.occurredAt()), f.fact(),
                FACTS.getOrDefault(f.fact(), f.fact()), nz(f.iccid()), nz(f.provider()),
                f.amountMinor() == null ? "" : money(f.amountMinor(), f.currency()))));
        List<RefundRow> refunds = lookup.refunds(o.orderId()).stream().map(r -> new RefundRow(r.refundId(),
                money(r.amountMinor(), r.currency()), r.reason(), nz(r.requestedBy()), when(r.requestedAt())))
                .toList();
        List<DisputeRow> disputes = lookup.disputes(o.orderId()).stream().map(d -> new DisputeRow(d.disputeId(),
                money(d.amountMinor(), d.currency()), d.reason(), d.state(), when(d.openedAt()), nz(d.lastError())))
                .toList();
        List<FindingRow> findings = lookup.openFindings(o.orderId()).stream().map(f -> new FindingRow(f.kind(),
                nz(f.detail()), when(f.firstSeenAt()), when(f.lastSeenAt()))).toList();
        String automatic = lookup.automaticRefund(o.orderId())
                .map(a -> a.state() + (a.lastError() == null ? "" : " (" + a.lastError() + ")")).orElse("");
        return new OrderSheet(o.orderId(), o.kind(), o.status().wireName(), words(o.status()),
                money(o.totalMinor(), o.currency()), lines, esims, !esims.isEmpty(), nz(o.topupIccid()),
                o.paymentGateway(), nz(o.paymentIntentId()), o.checkoutSessionId(), when(o.createdAt()),
                when(o.updatedAt()),
                List.copyOf(timeline), refunds, !refunds.isEmpty(), disputes, !disputes.isEmpty(), findings,
                !findings.isEmpty(), automatic, !automatic.isEmpty(),
                o.status().paymentTaken() && o.status() != OrderStatus.REFUNDED,
                o.status() == OrderStatus.ACTIVE || !o.iccids().isEmpty(), cancellable, !cancellable.isEmpty());
    }

    /** The status as support explains it to a traveller. */
    static String words(OrderStatus status) {
        return switch (status) {
            case PENDING_PAYMENT -> "Not paid yet: the checkout is open.";
            case EXPIRED -> "Never paid: the checkout expired, no money was taken.";
            case PAYMENT_MISMATCH -> "A payment arrived that does not match the order; it is sent back in full.";
            case PAID -> "Paid; the eSIM is being issued.";
            case AWAITING_PROVIDER -> "Paid; the provider cannot issue it now. The worker keeps trying until its"
                    + " deadline, then the order is refunded automatically.";
            case PROVISIONING -> "Paid; the provider is working on it.";
            case FAILED -> "Paid, but no eSIM could be issued: refunded automatically.";
            case ACTIVE -> "Delivered: every line is ready.";
            case REFUNDED -> "Refunded in full (the gateway confirmed it).";
        };
    }

    static String money(long minor, String currency) {
        Price price = new Price(minor, currency);
        return price.decimal().toPlainString() + " " + price.currency();
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }

    static String when(Instant at) {
        return at == null ? "" : WHEN.format(at);
    }
}
