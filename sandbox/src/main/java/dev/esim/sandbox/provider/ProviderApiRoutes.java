package dev.esim.sandbox.provider;

import java.time.Duration;
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
import tools.jackson.databind.ObjectMapper;

/**
 * The provider API of docs/provider-api.md under {@code /provider/<name>} (the simulator's name). Every call goes
 * through one pipeline: count and admit (auth, rate limit, injected faults), read the body, run the operation on the
 * simulator, render. Hangs and latency are reactive delays, so a hanging call holds no thread.
 */
final class ProviderApiRoutes {

    static final String REQUEST_ID = "X-Request-Id";

    private final ProviderSimulator simulator;
    private final ObjectMapper json;

    ProviderApiRoutes(ProviderSimulator simulator, ObjectMapper json) {
        this.simulator = simulator;
        this.json = json;
    }

    @FunctionalInterface
    private interface Operation {
        ApiResult apply(ServerRequest request, String body);
    }

    RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .path("/provider/" + simulator.name(), api -> api
                        .GET("/v1/catalog", r -> call(r, "GET /v1/catalog", (req, body) -> simulator.catalog(
                                req.queryParam("country").orElse(null), req.queryParam("region").orElse(null))))
                        .POST("/v1/orders", r -> call(r, "POST /v1/orders", (req, body) ->
                                simulator.createOrder(idempotencyKey(req), object(body))))
                        .GET("/v1/orders/{orderId}", r -> call(r, "GET /v1/orders/{order_id}", (req, body) ->
                                simulator.order(req.pathVariable("orderId"))))
                        .GET("/v1/orders", r -> call(r, "GET /v1/orders", (req, body) -> req.queryParam("reference")
                                .map(simulator::ordersByReference)
                                .orElseGet(() -> ApiResult.validation("reference query parameter is required"))))
                        .GET("/v1/lines/{iccid}", r -> call(r, "GET /v1/lines/{iccid}", (req, body) ->
                                simulator.line(req.pathVariable("iccid"))))
                        .POST("/v1/lines/{iccid}/cancel", r -> call(r, "POST /v1/lines/{iccid}/cancel",
                                (req, body) -> simulator.cancelLine(idempotencyKey(req), req.pathVariable("iccid"),
                                        body.isBlank() ? null : object(body))))
                        .POST("/v1/topups", r -> call(r, "POST /v1/topups", (req, body) ->
                                simulator.topUp(idempotencyKey(req), object(body))))
                        .GET("/v1/balance", r -> call(r, "GET /v1/balance", (req, body) -> simulator.balanceJson()))
                        .route(RequestPredicates.all(), r -> call(r, "unknown", (req, body) ->
                                ApiResult.notFound("no such endpoint: " + req.method() + " " + req.path()))))
                .build();
    }

    private Mono<ServerResponse> call(ServerRequest request, String endpoint, Operation operation) {
        String requestId = "req_" + RandomIds.randomId(20);
        ProviderGate.Admission admission =
                simulator.admit(endpoint, request.headers().firstHeader(HttpHeaders.AUTHORIZATION));
        Mono<ApiResult> result = switch (admission.verdict()) {
            case UNAUTHORIZED -> Mono.just(ApiResult.error(401, "auth_error", admission.message()));
            case RATE_LIMITED -> Mono.just(ApiResult.rateLimited(admission.retryAfterSeconds()));
            case SERVER_ERROR -> admission.afterCommit()
                    ? execute(request, operation).map(committed -> ApiResult.serverError())
                    : Mono.just(ApiResult.serverError());
            case TIMEOUT -> admission.afterCommit()
                    // the operation takes effect, but the answer comes too late for the client to see it
                    ? execute(request, operation).delayElement(admission.hang())
                    : Mono.delay(admission.hang()).thenReturn(ApiResult.serverError());
            case PROCEED -> execute(request, operation);
        };
        Duration latency = admission.latency();
        if (!latency.isZero()) {
            result = result.delayElement(latency);
        }
        return result.flatMap(r -> render(r, requestId));
    }

    private Mono<ApiResult> execute(ServerRequest request, Operation operation) {
        return request.bodyToMono(String.class).defaultIfEmpty("").map(body -> {
            try {
                return operation.apply(request, body);
            } catch (InvalidBody e) {
                return ApiResult.validation(e.getMessage());
            }
        });
    }

    private Mono<ServerResponse> render(ApiResult result, String requestId) {
        ServerResponse.BodyBuilder response = ServerResponse.status(result.status())
                .header(REQUEST_ID, requestId)
                .contentType(MediaType.APPLICATION_JSON);
        result.headers().forEach(response::header);
        return response.bodyValue(json.writeValueAsString(result.renderedBody(requestId)));
    }

    private static String idempotencyKey(ServerRequest request) {
        return request.headers().firstHeader("Idempotency-Key");
    }

    private JsonNode object(String body) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new InvalidBody("request body must be a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw new InvalidBody("request body is not valid JSON");
        }
    }

    private static final class InvalidBody extends RuntimeException {
        InvalidBody(String message) {
            super(message, null, false, false);
        }
    }
}
