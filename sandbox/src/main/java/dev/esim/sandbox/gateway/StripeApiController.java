package dev.esim.sandbox.gateway;

import com.google.gson.annotations.SerializedName;
import com.stripe.Stripe;
import com.stripe.net.ApiRequestParams;
import com.stripe.param.DisputeCloseParams;
import com.stripe.param.DisputeUpdateParams;
import com.stripe.param.EventListParams;
import com.stripe.param.PaymentIntentRetrieveParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.param.checkout.SessionExpireParams;
import com.stripe.param.checkout.SessionRetrieveParams;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The subset of Stripe's v1 API our services call through stripe-java, under {@code /stripe}: stripe-java pointed
 * at {@code http://localhost:8090/stripe} sends {@code /stripe/v1/…}. Parameters a real endpoint does not know are
 * refused as Stripe refuses them; the known set is read from stripe-java's own param classes, so it tracks the
 * pinned API version.
 */
@RestController
@RequestMapping("/stripe")
class StripeApiController {

    private static final Set<String> SESSION_CREATE = known(SessionCreateParams.class);
    private static final Set<String> SESSION_RETRIEVE = known(SessionRetrieveParams.class);
    private static final Set<String> SESSION_EXPIRE = known(SessionExpireParams.class);
    private static final Set<String> PAYMENT_INTENT_RETRIEVE = known(PaymentIntentRetrieveParams.class);
    private static final Set<String> REFUND_CREATE = known(RefundCreateParams.class);
    private static final Set<String> EVENT_LIST = known(EventListParams.class);
    private static final Set<String> DISPUTE_CREATE = Set.of("payment_intent", "reason", "status");
    private static final Set<String> DISPUTE_UPDATE = known(DisputeUpdateParams.class);
    private static final Set<String> DISPUTE_CLOSE = known(DisputeCloseParams.class);

    private final Ledger ledger;
    private final IdempotencyStore idempotency;
    private final GatewayProperties properties;

    StripeApiController(Ledger ledger, IdempotencyStore idempotency, GatewayProperties properties) {
        this.ledger = ledger;
        this.idempotency = idempotency;
        this.properties = properties;
    }

    @PostMapping("/v1/checkout/sessions")
    Mono<ResponseEntity<String>> createSession(ServerWebExchange exchange) {
        return post(exchange, SESSION_CREATE, p -> {
            SessionState s = ledger.createSession(p, publicBaseUrl(exchange));
            return StripeObjects.session(s, p.strings("expand").contains("line_items"));
        });
    }

    @GetMapping("/v1/checkout/sessions/{id}")
    Mono<ResponseEntity<String>> retrieveSession(@PathVariable String id, ServerWebExchange exchange) {
        return get(exchange, SESSION_RETRIEVE,
                p -> StripeObjects.session(ledger.session(id), p.strings("expand").contains("line_items")));
    }

    @GetMapping("/v1/checkout/sessions/{id}/line_items")
    Mono<ResponseEntity<String>> sessionLineItems(@PathVariable String id, ServerWebExchange exchange) {
        return get(exchange, Set.of("limit", "starting_after", "ending_before", "expand"),
                p -> StripeObjects.lineItems(ledger.session(id)));
    }

    @PostMapping("/v1/checkout/sessions/{id}/expire")
    Mono<ResponseEntity<String>> expireSession(@PathVariable String id, ServerWebExchange exchange) {
        return post(exchange, SESSION_EXPIRE, p -> StripeObjects.session(ledger.expire(id), false));
    }

    @GetMapping("/v1/payment_intents/{id}")
    Mono<ResponseEntity<String>> retrievePaymentIntent(@PathVariable String id, ServerWebExchange exchange) {
        return get(exchange, PAYMENT_INTENT_RETRIEVE, p -> StripeObjects.paymentIntent(ledger.paymentIntent(id)));
    }

    @PostMapping("/v1/refunds")
    Mono<ResponseEntity<String>> createRefund(ServerWebExchange exchange) {
        return post(exchange, REFUND_CREATE, p -> StripeObjects.refund(ledger.refund(p,
                exchange.getAttribute(REQUEST_ID), exchange.getRequest().getHeaders().getFirst("Idempotency-Key"))));
    }

    /**
     * Sandbox only, in the style of Stripe's {@code test_helpers}: the bank disputes a payment
     * ({@code payment_intent}, {@code reason}, {@code status} = {@code needs_response}, {@code won} or {@code lost}).
     */
    @PostMapping("/v1/test_helpers/disputes")
    Mono<ResponseEntity<String>> createDispute(ServerWebExchange exchange) {
        return post(exchange, DISPUTE_CREATE, p -> {
            String paymentIntent = p.string("payment_intent");
            if (paymentIntent == null) {
                throw StripeApiException.invalid("parameter_missing", "payment_intent",
                        "Missing required param: payment_intent.");
            }
            String status = p.string("status");
            return StripeObjects.dispute(ledger.dispute(paymentIntent, p.string("reason"),
                    status == null ? "lost" : status));
        });
    }

    @GetMapping("/v1/disputes/{id}")
    Mono<ResponseEntity<String>> retrieveDispute(@PathVariable String id, ServerWebExchange exchange) {
        return get(exchange, Set.of("expand"), p -> StripeObjects.dispute(ledger.dispute(id)));
    }

    @PostMapping("/v1/disputes/{id}/close")
    Mono<ResponseEntity<String>> closeDispute(@PathVariable String id, ServerWebExchange exchange) {
        return post(exchange, DISPUTE_CLOSE, p -> StripeObjects.dispute(ledger.closeDispute(id)));
    }

    @PostMapping("/v1/disputes/{id}")
    Mono<ResponseEntity<String>> updateDispute(@PathVariable String id, ServerWebExchange exchange) {
        return post(exchange, DISPUTE_UPDATE, p -> StripeObjects.dispute(ledger.updateDispute(id,
                p.textHash("evidence"), "true".equals(p.string("submit")))));
    }

    @GetMapping("/v1/events/{id}")
    Mono<ResponseEntity<String>> retrieveEvent(@PathVariable String id, ServerWebExchange exchange) {
        return get(exchange, Set.of("expand"), p -> ledger.event(id).current());
    }

    /**
     * {@code delivery_success=false} lists events not (yet) delivered to the endpoint — still retrying or given up —
     * which is what reconciliation polls for. Also {@code type}, {@code types[]}, {@code created[gt|gte|lt|lte]},
     * {@code limit} (default 10, max 100) and {@code starting_after}/{@code ending_before} paging.
     */
    @GetMapping("/v1/events")
    Mono<ResponseEntity<String>> listEvents(ServerWebExchange exchange) {
        return get(exchange, EVENT_LIST, p -> {
            Predicate<WebhookEvent> filter = e -> true;
            Boolean deliverySuccess = p.bool("delivery_success");
            if (deliverySuccess != null) {
                filter = filter.and(e -> e.delivered() == deliverySuccess);
            }
            String type = p.string("type");
            if (type != null) {
                // Stripe allows one '*' wildcard, e.g. checkout.session.*
                String regex = java.util.regex.Pattern.quote(type).replace("*", "\\E.*\\Q");
                filter = filter.and(e -> e.type().matches(regex));
            }
            List<String> types = p.strings("types");
            if (!types.isEmpty()) {
                filter = filter.and(e -> types.contains(e.type()));
            }
            filter = filter.and(createdFilter(p));
            long limit = p.integer("limit") == null ? 10 : p.integer("limit");
            if (limit < 1 || limit > 100) {
                throw StripeApiException.invalid("parameter_invalid_integer", "limit",
                        "This value must be between 1 and 100 (it currently is " + limit + ").");
            }
            List<WebhookEvent> matching = ledger.events(filter);
            String startingAfter = p.string("starting_after");
            String endingBefore = p.string("ending_before");
            int from = 0;
            int to = matching.size();
            if (startingAfter != null) {
                from = indexOf(matching, startingAfter) + 1;
            } else if (endingBefore != null) {
                to = indexOf(matching, endingBefore);
                from = (int) Math.max(0, to - limit);
            }
            List<Object> page = new ArrayList<>();
            for (int i = from; i < to && page.size() < limit; i++) {
                page.add(matching.get(i).current());
            }
            boolean hasMore = startingAfter == null && endingBefore != null ? from > 0 : from + page.size() < to;
            return StripeObjects.list(page, "/v1/events", hasMore);
        });
    }

    /** Stripe answers unknown paths with a 404 in its own error shape, not a framework page. */
    @RequestMapping("/**")
    Mono<ResponseEntity<String>> unknown(ServerWebExchange exchange) {
        String path = exchange.getRequest().getPath().value().substring("/stripe".length());
        return Mono.just(respond(exchange, () -> {
            throw new StripeApiException(404, "invalid_request_error", null, null, "Unrecognized request URL ("
                    + exchange.getRequest().getMethod() + ": " + path + "). The sandbox gateway implements only the"
                    + " part of Stripe's API the eSIM platform uses; see sandbox/README.md.");
        }));
    }

    private static final String REQUEST_ID = StripeApiController.class.getName() + ".requestId";

    private Mono<ResponseEntity<String>> post(ServerWebExchange exchange, Set<String> known,
            Function<StripeParams, Map<String, Object>> action) {
        String key = exchange.getRequest().getHeaders().getFirst("Idempotency-Key");
        String apiKey = exchange.getAttribute(ApiKeyFilter.API_KEY_ATTRIBUTE);
        return exchange.getFormData().map(form -> respond(exchange, () -> {
            String fingerprint = exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath().value()
                    + " " + new TreeMap<>(form);
            return idempotency.execute(apiKey, key, fingerprint, () -> {
                StripeParams params = parse(form, known);
                return new IdempotencyStore.Result(200, StripeJson.write(action.apply(params)), false);
            });
        }));
    }

    private Mono<ResponseEntity<String>> get(ServerWebExchange exchange, Set<String> known,
            Function<StripeParams, Map<String, Object>> action) {
        MultiValueMap<String, String> query = exchange.getRequest().getQueryParams();
        return Mono.fromSupplier(() -> respond(exchange, () -> new IdempotencyStore.Result(200,
                StripeJson.write(action.apply(parse(query, known))), false)));
    }

    private static StripeParams parse(MultiValueMap<String, String> flat, Set<String> known) {
        StripeParams params = StripeParams.decode(flat);
        for (String name : params.names()) {
            if (!known.contains(name)) {
                throw StripeApiException.invalid("parameter_unknown", name, "Received unknown parameter: " + name);
            }
        }
        return params;
    }

    private ResponseEntity<String> respond(ServerWebExchange exchange,
            java.util.function.Supplier<IdempotencyStore.Result> call) {
        String requestId = "req_" + StripeJson.random(14);
        exchange.getAttributes().put(REQUEST_ID, requestId);
        ResponseEntity.BodyBuilder builder;
        String body;
        boolean replayed = false;
        try {
            IdempotencyStore.Result result = call.get();
            builder = ResponseEntity.status(result.status());
            body = result.body();
            replayed = result.replayed();
        } catch (StripeApiException e) {
            builder = ResponseEntity.status(e.status());
            body = e.body(requestId);
        }
        builder.contentType(MediaType.APPLICATION_JSON)
                .header("Request-Id", requestId)
                .header("Stripe-Version", Stripe.API_VERSION)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache, no-store");
        String idempotencyKey = exchange.getRequest().getHeaders().getFirst("Idempotency-Key");
        if (idempotencyKey != null && exchange.getRequest().getMethod().name().equals("POST")) {
            builder.header("Idempotency-Key", idempotencyKey);
            if (replayed) {
                builder.header("Idempotent-Replayed", "true");
            }
        }
        return builder.body(body);
    }

    private String publicBaseUrl(ServerWebExchange exchange) {
        if (!properties.publicBaseUrl().isEmpty()) {
            return properties.publicBaseUrl().replaceAll("/+$", "");
        }
        var uri = exchange.getRequest().getURI();
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private static Predicate<WebhookEvent> createdFilter(StripeParams p) {
        if (!p.has("created")) {
            return e -> true;
        }
        StripeParams created = p.object("created");
        if (created == null) {
            long exact = p.integer("created");
            return e -> e.created() == exact;
        }
        Long gt = created.integer("gt");
        Long gte = created.integer("gte");
        Long lt = created.integer("lt");
        Long lte = created.integer("lte");
        return e -> (gt == null || e.created() > gt) && (gte == null || e.created() >= gte)
                && (lt == null || e.created() < lt) && (lte == null || e.created() <= lte);
    }

    private static int indexOf(List<WebhookEvent> events, String id) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).id().equals(id)) {
                return i;
            }
        }
        throw StripeApiException.noSuch("event", "starting_after", id);
    }

    /** The top-level wire names of a stripe-java params class (its {@code @SerializedName} fields). */
    static Set<String> known(Class<? extends ApiRequestParams> paramsClass) {
        Set<String> names = new HashSet<>();
        for (Field f : paramsClass.getDeclaredFields()) {
            SerializedName name = f.getAnnotation(SerializedName.class);
            if (name != null && !ApiRequestParams.EXTRA_PARAMS_KEY.equals(name.value())) {
                names.add(name.value());
            }
        }
        return Set.copyOf(names);
    }
}
