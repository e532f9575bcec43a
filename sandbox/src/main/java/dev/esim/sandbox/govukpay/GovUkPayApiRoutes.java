package dev.esim.sandbox.govukpay;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The part of GOV.UK Pay's public API the platform uses, under {@code /govukpay/v1}: create, get, search and cancel
 * payments; create, list and get a payment's refunds; search refunds. Every call passes the {@link ApiGate} first,
 * then runs one operation on {@link Payments} and renders its answer or its {@link ApiError}.
 */
final class GovUkPayApiRoutes {

    private static final Set<String> PAYMENT_STATES =
            Set.of("created", "started", "submitted", "capturable", "success", "failed", "cancelled", "error");
    private static final Set<String> REFUND_STATES = Set.of("submitted", "success", "error");

    /** A status, a body to render as JSON (none for 204) and a {@code Location} (a created payment's). */
    private record Answer(int status, Object body, String location) {

        static Answer ok(Object body) {
            return new Answer(200, body, null);
        }
    }

    @FunctionalInterface
    private interface Operation {
        Answer apply(ServerRequest request, String apiKey, String body);
    }

    private final Payments payments;
    private final ApiGate gate;
    private final String publicBaseUrl;
    private final JsonMapper json;

    GovUkPayApiRoutes(Payments payments, ApiGate gate, String publicBaseUrl, JsonMapper json) {
        this.payments = payments;
        this.gate = gate;
        this.publicBaseUrl = publicBaseUrl;
        this.json = json;
    }

    RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .path("/govukpay/v1", api -> api
                        .POST("/payments", r -> call(r, this::create))
                        .GET("/payments", r -> call(r, this::searchPayments))
                        .GET("/payments/{id}", r -> call(r, (req, key, body) -> Answer.ok(payments.render(
                                payments.find(req.pathVariable("id")).orElseThrow(() -> ApiError.notFound("P0200"))))))
                        .POST("/payments/{id}/cancel", r -> call(r, (req, key, body) -> {
                            payments.cancel(req.pathVariable("id"));
                            return new Answer(204, null, null);
                        }))
                        .POST("/payments/{id}/refunds", r -> call(r, this::createRefund))
                        .GET("/payments/{id}/refunds", r -> call(r, (req, key, body) -> {
                            Payment p = payments.find(req.pathVariable("id"))
                                    .orElseThrow(() -> ApiError.notFound("P0800"));
                            return Answer.ok(Representations.refundsOf(p, payments.refundsOf(p.paymentId())));
                        }))
                        .GET("/payments/{id}/refunds/{refundId}", r -> call(r, (req, key, body) -> Answer.ok(
                                payments.refundsOf(req.pathVariable("id")).stream()
                                        .filter(refund -> refund.refundId().equals(req.pathVariable("refundId")))
                                        .findFirst().map(Representations::refund)
                                        .orElseThrow(() -> ApiError.notFound("P0700")))))
                        .GET("/refunds", r -> call(r, this::searchRefunds))
                        .route(RequestPredicates.all(), r -> call(r, (req, key, body) -> {
                            throw ApiError.noSuchEndpoint(req.method().name(), req.path());
                        })))
                .build();
    }

    private Answer create(ServerRequest request, String apiKey, String body) {
        String idempotencyKey = request.headers().firstHeader("Idempotency-Key");
        IdempotencyKeys.check(idempotencyKey);
        JsonNode tree = parse(body, "P0197");
        CreatePaymentRequest parsed = CreatePaymentRequest.parse(tree);
        Payments.Created created = payments.create(apiKey, idempotencyKey, tree, parsed, baseUrl(request));
        // GOV.UK Pay answers a repeated key with 200 and the payment it created the first time
        return new Answer(created.replayed() ? 200 : 201, payments.render(created.payment()),
                created.payment().selfHref());
    }

    private Answer createRefund(ServerRequest request, String apiKey, String body) {
        JsonNode tree = parse(body, "P0697");
        if (!tree.isObject()) {
            throw ApiError.of(400, "P0697", "The request body is not a JSON object");
        }
        JsonNode amount = tree.get("amount");
        if (amount == null || amount.isNull()) {
            throw ApiError.missing("P0601", "amount");
        }
        if (!amount.isIntegralNumber() || !amount.canConvertToLong() || amount.longValue() < 1
                || amount.longValue() > CreatePaymentRequest.MAX_AMOUNT) {
            throw ApiError.invalid("P0602", "amount", "must be a whole number of pence from 1 to "
                    + CreatePaymentRequest.MAX_AMOUNT);
        }
        JsonNode available = tree.get("refund_amount_available");
        Long refundAmountAvailable = null;
        if (available != null && !available.isNull()) {
            if (!available.isIntegralNumber() || !available.canConvertToLong() || available.longValue() < 0) {
                throw ApiError.invalid("P0602", "refund_amount_available", "must be a whole number of pence");
            }
            refundAmountAvailable = available.longValue();
        }
        Refund refund = payments.refund(request.pathVariable("id"), amount.longValue(), refundAmountAvailable);
        return new Answer(202, Representations.refund(refund), null);
    }

    /** {@code reference} (exact, any case), {@code email} (part of it, any case), {@code state}, dates, paging. */
    private Answer searchPayments(ServerRequest request, String apiKey, String body) {
        Map<String, String> query = query(request);
        SearchPage page = SearchPage.parse(baseUrl(request) + "/govukpay/v1/payments", query,
                Map.of("state", PAYMENT_STATES), "P0401", "P0402");
        String reference = query.get("reference");
        String email = query.get("email");
        String state = query.get("state");
        List<Payment> matches = payments.search(p -> (reference == null || p.reference().equalsIgnoreCase(reference))
                && (email == null || p.email() != null && p.email().toLowerCase().contains(email.toLowerCase()))
                && (state == null || p.status().equals(state))
                && page.inDateRange(p.createdDate()));
        return Answer.ok(page.of(matches, payments::render));
    }

    /** Dates, paging and {@code state} ({@code submitted}, {@code success}, {@code error}). */
    private Answer searchRefunds(ServerRequest request, String apiKey, String body) {
        Map<String, String> query = query(request);
        SearchPage page = SearchPage.parse(baseUrl(request) + "/govukpay/v1/refunds", query,
                Map.of("state", REFUND_STATES), "P1101", "P1100");
        String state = query.get("state");
        List<Refund> matches = payments.searchRefunds(r -> (state == null || r.status().equals(state))
                && page.inDateRange(r.createdDate()));
        return Answer.ok(page.of(matches, Representations::refund));
    }

    private Mono<ServerResponse> call(ServerRequest request, Operation operation) {
        return request.bodyToMono(String.class).defaultIfEmpty("").map(body -> {
            try {
                String apiKey = gate.admit(request.method().name(),
                        request.headers().firstHeader(HttpHeaders.AUTHORIZATION));
                return operation.apply(request, apiKey, body);
            } catch (ApiError e) {
                return new Answer(e.status(), e.body(), null);
            }
        }).flatMap(this::render);
    }

    private Mono<ServerResponse> render(Answer answer) {
        if (answer.body() == null) {
            return ServerResponse.status(answer.status()).build();
        }
        ServerResponse.BodyBuilder response = ServerResponse.status(answer.status())
                .contentType(MediaType.APPLICATION_JSON);
        if (answer.location() != null) {
            response.header(HttpHeaders.LOCATION, answer.location());
        }
        return response.bodyValue(json.writeValueAsString(answer.body()));
    }

    private JsonNode parse(String body, String code) {
        try {
            JsonNode tree = json.readTree(body);
            if (tree == null || tree.isMissingNode()) {
                throw ApiError.of(400, code, "The request body is empty");
            }
            return tree;
        } catch (JacksonException e) {
            throw ApiError.of(400, code, "The request body is not valid JSON");
        }
    }

    private static Map<String, String> query(ServerRequest request) {
        Map<String, String> first = new LinkedHashMap<>();
        request.queryParams().forEach((name, values) -> {
            if (!values.isEmpty()) {
                first.put(name, values.get(0));
            }
        });
        return first;
    }

    /** The configured public base URL, else the scheme, host and port this call came in on. */
    private String baseUrl(ServerRequest request) {
        if (!publicBaseUrl.isEmpty()) {
            return publicBaseUrl;
        }
        var uri = request.uri();
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
