package dev.esim.catalog.support;

import dev.esim.catalog.api.ApiException;
import dev.esim.catalog.orders.Orders;
import dev.esim.catalog.refunds.LineCancellations;
import dev.esim.catalog.refunds.Operators;
import dev.esim.catalog.refunds.Refunds;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The console's order pages, for a signed-in operator ({@link SupportGate} lets no one else through):
 * {@code GET /support/orders?q=} finds orders, {@code GET /support/orders/{id}} shows one, and
 * {@code POST /support/orders/{id}/refund} refunds it, in full or in part, through {@link Refunds} — the same
 * service, checks and audit as {@code POST /v1/refunds}, recorded with the signed-in operator's name and the reason
 * given — {@code POST /support/orders/{id}/cancel-line} cancels one unused line and gives its price back
 * ({@link LineCancellations}), and {@code POST /support/orders/{id}/resend} asks for its activation e-mails again
 * ({@link ActivationResends}).
 */
@Controller
class SupportOrdersController {

    private static final Logger LOG = LoggerFactory.getLogger(SupportOrdersController.class);
    private static final int MAX_QUERY = 200;
    private static final int MAX_REASON = 500;
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9-]{8,64}");
    private static final Pattern CODE = Pattern.compile("[a-z_]{1,40}");

    /** What the order page says after a refund, by the outcome's code (the API's error codes, or requested). */
    private static final Map<String, String> OUTCOMES = Map.of(
            "requested", "Refund requested. The gateway confirms it within minutes; the order then turns refunded.",
            "line_installed", "Refused (line_installed): an eSIM of this order is installed on a device and cannot be"
                    + " cancelled. Tick goodwill to refund it anyway; the traveller keeps the line.",
            "top_up_applied", "Refused (top_up_applied): the top-up's data has been added to the line and cannot be"
                    + " taken back. Tick goodwill to refund it anyway.",
            "conflict", "Refused (conflict): the order is refunded already, has no payment to refund, or the"
                    + " gateway refused the refund.",
            "not_found", "Refused (not_found): there is no such order.",
            "server_error", "Not done (server_error): the payment gateway or the eSIM provider cannot be reached"
                    + " right now. Try again in a minute.",
            "amount_too_large", "Refused (amount_too_large): the amount is more than is left of the payment to"
                    + " give back.",
            "validation_error", "Not done (validation_error): a reason is required, at most 500 characters, and an"
                    + " amount, if given, must be a positive amount in the order's currency.");

    /** What the order page says after asking to cancel a line, by {@link LineCancellations.Outcome#code()}. */
    private static final Map<String, String> CANCELS = Map.of(
            "requested", "Cancellation requested: the line is cancelled at its provider within minutes, then its"
                    + " plan's price goes back to the traveller (a partial refund; the other lines stay).",
            "not_found", "Refused (not_found): there is no such order.",
            "not_a_line", "Refused (not_a_line): that eSIM is not a line this order issued.",
            "not_paid", "Refused (not_paid): the order holds no payment to give part of back (unpaid, or refunded"
                    + " in full).",
            "already_cancelled", "Refused (already_cancelled): the line is cancelled, or its cancellation was asked"
                    + " for already.",
            "line_installed", "Refused (line_installed): the eSIM is installed on a device and cannot be cancelled."
                    + " A partial refund as a goodwill gesture leaves the traveller the line.",
            "plan_unknown", "Refused (plan_unknown): the order has several plans and the line's is not known, so"
                    + " its price is not either. Refund part of the order instead.",
            "server_error", "Not done (server_error): the eSIM provider cannot be reached right now. Try again in a"
                    + " minute.",
            "validation_error", "Not done (validation_error): choose a line, and give a reason of at most 500"
                    + " characters.");

    /** What the order page says after a resend, by {@link ActivationResends.Outcome#code()}. */
    private static final Map<String, String> RESENDS = Map.of(
            "requested", "Activation e-mail resend requested: the traveller gets the order's activation e-mails"
                    + " again within minutes, at the order's address.",
            "requested_new_address", "Activation e-mail resend requested to the corrected address: the traveller"
                    + " gets the order's activation e-mails again within minutes, and the order is found by the"
                    + " new address from now on.",
            "not_delivered", "Refused (not_delivered): no eSIM of this order has been issued yet, so there is no"
                    + " activation e-mail to send again. Its status says what it is waiting for.",
            "not_found", "Refused (not_found): there is no such order.",
            "validation_error", "Not done (validation_error): a reason is required (at most 500 characters), and a"
                    + " corrected address must be an e-mail address.");

    private final Orders orders;
    private final SupportLookup lookup;
    private final Refunds refunds;
    private final ActivationResends resends;
    private final LineCancellations cancellations;
    private final SupportSessions sessions;

    SupportOrdersController(Orders orders, SupportLookup lookup, Refunds refunds, ActivationResends resends,
                            LineCancellations cancellations, SupportSessions sessions) {
        this.orders = orders;
        this.lookup = lookup;
        this.refunds = refunds;
        this.resends = resends;
        this.cancellations = cancellations;
        this.sessions = sessions;
    }

    @GetMapping(value = SignInController.SEARCH_PAGE, produces = "text/html")
    Mono<Rendering> search(@RequestParam(name = "q", required = false) String q, ServerWebExchange exchange) {
        SupportGate.SignedIn me = exchange.getAttribute(SupportGate.SIGNED_IN);
        String query = q == null ? "" : q.strip();
        Map<String, Object> model = base(me);
        model.put("q", query);
        if (query.isEmpty() || query.length() > MAX_QUERY) {
            return Mono.just(Rendering.view("support/search").model(model).build());
        }
        return Mono.fromCallable(() -> lookup.search(query)).subscribeOn(Schedulers.boundedElastic()).map(hits -> {
            if (hits.size() == 1) {
                return Rendering.redirectTo(orderPage(hits.get(0).orderId())).build();
            }
            model.put("searched", true);
            model.put("none", hits.isEmpty());
            model.put("hits", hits.stream().map(h -> Map.of("orderId", h.orderId(), "status", h.status(),
                    "kind", h.kind(), "total", OrderSheet.money(h.totalMinor(), h.currency()),
                    "createdAt", OrderSheet.when(h.createdAt()), "matchedBy", h.matchedBy(),
                    "href", orderPage(h.orderId()))).toList());
            return Rendering.view("support/search").model(model).build();
        });
    }

    @GetMapping(value = SignInController.SEARCH_PAGE + "/{orderId}", produces = "text/html")
    Mono<Rendering> order(@PathVariable String orderId,
                          @RequestParam(name = "refund", required = false) String outcome,
                          @RequestParam(name = "resend", required = false) String resent,
                          @RequestParam(name = "cancel", required = false) String cancelled,
                          ServerWebExchange exchange) {
        SupportGate.SignedIn me = exchange.getAttribute(SupportGate.SIGNED_IN);
        return Mono.fromCallable(() -> orders.find(orderId)
                        .map(o -> OrderSheet.of(o, iccid -> orders.providerOfLine(iccid).orElse("unknown"), lookup,
                                cancellations.of(o.orderId()))))
                .subscribeOn(Schedulers.boundedElastic())
                .map(found -> {
                    Map<String, Object> model = base(me);
                    if (found.isEmpty()) {
                        model.put("q", orderId);
                        model.put("searched", true);
                        model.put("none", true);
                        model.put("hits", List.of());
                        return Rendering.view("support/search").model(model).status(HttpStatus.NOT_FOUND).build();
                    }
                    model.put("order", found.get());
                    model.put("mayRefund", me.operator().may(Operators.REFUNDS));
                    model.put("nonce", UUID.randomUUID().toString());
                    model.put("csrf", me.csrf());
                    model.put("refundAction", orderPage(orderId) + "/refund");
                    model.put("mayResend", me.operator().may(Operators.RESEND));
                    model.put("resendNonce", UUID.randomUUID().toString());
                    model.put("resendAction", orderPage(orderId) + "/resend");
                    List<Map<String, String>> said = new java.util.ArrayList<>();
                    said.addAll(outcome(OUTCOMES, outcome, ""));
                    said.addAll(outcome(RESENDS, resent, "resend_"));
                    said.addAll(outcome(CANCELS, cancelled, "cancel_"));
                    model.put("cancelNonce", UUID.randomUUID().toString());
                    model.put("cancelAction", orderPage(orderId) + "/cancel-line");
                    model.put("outcome", said);
                    return Rendering.view("support/order").model(model).build();
                });
    }

    @PostMapping(value = SignInController.SEARCH_PAGE + "/{orderId}/refund", produces = "text/html")
    Mono<Rendering> refund(@PathVariable String orderId, ServerWebExchange exchange) {
        return action(orderId, exchange, Operators.REFUNDS, "refund",
                (form, operator) -> "refund=" + refund(orderId, form, operator));
    }

    /** Asks for the order's activation e-mails again; the same form (nonce) sent twice is one request. */
    @PostMapping(value = SignInController.SEARCH_PAGE + "/{orderId}/resend", produces = "text/html")
    Mono<Rendering> resend(@PathVariable String orderId, ServerWebExchange exchange) {
        return action(orderId, exchange, Operators.RESEND, "resend the activation e-mail",
                (form, operator) -> "resend=" + resends.request(new ActivationResends.Request(orderId,
                        form.getFirst("reason"), form.getFirst("email"), form.getFirst("nonce"), operator)).code());
    }

    /**
     * Cancels one unused line of the order and gives its plan's price back ({@link LineCancellations}); the same form
     * (nonce) sent twice is one request. Needs the {@code refunds} scope: it gives money back.
     */
    @PostMapping(value = SignInController.SEARCH_PAGE + "/{orderId}/cancel-line", produces = "text/html")
    Mono<Rendering> cancelLine(@PathVariable String orderId, ServerWebExchange exchange) {
        return action(orderId, exchange, Operators.REFUNDS, "cancel a line",
                (form, operator) -> "cancel=" + cancellations.request(new LineCancellations.Request(orderId,
                        form.getFirst("iccid"), form.getFirst("reason"), form.getFirst("nonce"), operator)).code());
    }

    /**
     * One of the order page's forms: its CSRF token and the operator's scope checked first (403 page otherwise), then
     * {@code action} (blocking, off the event loop), then back to the order page with the outcome in the query.
     */
    private Mono<Rendering> action(String orderId, ServerWebExchange exchange, String scope, String what,
                                   BiFunction<MultiValueMap<String, String>, String, String> action) {
        SupportGate.SignedIn me = exchange.getAttribute(SupportGate.SIGNED_IN);
        return exchange.getFormData().flatMap(form -> {
            if (!sessions.csrfMatches(me.session(), form.getFirst("csrf"))) {
                return Mono.just(forbidden("This form has expired or did not come from this console; reload the"
                        + " order and try again."));
            }
            if (!me.operator().may(scope)) {
                return Mono.just(forbidden("Your sign-in (" + me.operator().name() + ") may not " + what + "."));
            }
            return Mono.fromCallable(() -> action.apply(form, me.operator().name()))
                    .subscribeOn(Schedulers.boundedElastic())
                    .map(outcome -> Rendering.redirectTo(orderPage(orderId) + "?" + outcome).build());
        });
    }

    /** The page's words for an outcome's code, if it is one of {@code texts}'. */
    static List<Map<String, String>> outcome(Map<String, String> texts, String code, String prefix) {
        if (code == null || !CODE.matcher(code).matches() || !texts.containsKey(code)) {
            return List.of();
        }
        return List.of(Map.of("code", prefix + code, "text", texts.get(code)));
    }

    /** The outcome's code: {@code requested}, or the API's error code. */
    private String refund(String orderId, MultiValueMap<String, String> form, String operator) {
        String reason = form.getFirst("reason") == null ? "" : form.getFirst("reason").strip();
        if (reason.isEmpty() || reason.length() > MAX_REASON) {
            return "validation_error";
        }
        String nonce = form.getFirst("nonce");
        // the form's nonce is the refund's idempotency key: the same form sent twice is one refund at the gateway
        String key = "console-" + (nonce != null && NONCE.matcher(nonce).matches() ? nonce : UUID.randomUUID());
        boolean goodwill = form.containsKey("goodwill");
        String amount = form.getFirst("amount") == null ? "" : form.getFirst("amount").strip();
        BigDecimal part;
        try {
            part = amount.isEmpty() ? null : new BigDecimal(amount);
        } catch (NumberFormatException e) {
            return "validation_error";
        }
        try {
            refunds.refund(new Refunds.RefundBody(orderId, reason, goodwill, part), key, operator);
            return "requested";
        } catch (ApiException e) {
            LOG.info("Console refund of order {} by {} refused: {}", orderId, operator, e.code());
            return e.code();
        }
    }

    static Rendering forbidden(String why) {
        return Rendering.view("support/forbidden").model(Map.of("why", why)).status(HttpStatus.FORBIDDEN).build();
    }

    /** What every page of the console needs: the operator's name and sign-out form token (the header). */
    static Map<String, Object> base(SupportGate.SignedIn me) {
        Map<String, Object> model = new HashMap<>();
        model.put("me", Map.of("name", me.operator().name(), "csrf", me.csrf()));
        return model;
    }

    static String orderPage(String orderId) {
        return SignInController.SEARCH_PAGE + "/" + UriUtils.encodePathSegment(orderId, "UTF-8");
    }
}
