package dev.esim.catalog.api;

import dev.esim.observability.RequestIds;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place errors become HTTP answers: the canonical body {@code {"error":{"code","message","request_id"}}}
 * for everything — our {@link ApiException}s, malformed JSON, unknown routes and unexpected faults (which are
 * logged, and answered without a stack trace). Ordered before Boot's default error handler.
 */
final class ErrorBodies implements WebExceptionHandler, Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorBodies.class);

    private final JsonMapper json;

    ErrorBodies(JsonMapper json) {
        this.json = json;
    }

    @Override
    public int getOrder() {
        return -2;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        ApiException api = translate(ex);
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(ex);
        }
        String requestId = RequestIds.of(exchange);
        if (api.status() >= 500) {
            LOG.error("Request {} {} failed", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), ex);
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", api.code());
        error.put("message", api.getMessage());
        error.put("request_id", requestId);
        if (api.retryAfter() != null) {
            long seconds = Math.max(1, api.retryAfter().toSeconds());
            error.put("retry_after", seconds);
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        }
        byte[] body = json.writeValueAsString(Map.of("error", error)).getBytes(StandardCharsets.UTF_8);
        response.setStatusCode(HttpStatusCode.valueOf(api.status()));
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        response.getHeaders().setContentLength(body.length);
        response.getHeaders().set(RequestIds.HEADER, requestId);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    static ApiException translate(Throwable ex) {
        if (ex instanceof ApiException api) {
            return api;
        }
        if (ex instanceof ServerWebInputException || ex instanceof DecodingException) {
            // no parser detail: it may quote the input, and the input may hold an e-mail address
            return ApiException.validation("The request body or parameters could not be read"
                    + " (malformed JSON or a field of the wrong type).");
        }
        if (ex instanceof ResponseStatusException rse) {
            HttpStatusCode status = rse.getStatusCode();
            if (status.value() == HttpStatus.NOT_FOUND.value()) {
                return ApiException.notFound("No such resource.");
            }
            if (status.is4xxClientError()) {
                return new ApiException(status.value(), "validation_error",
                        rse.getReason() != null ? rse.getReason() : "The request is not acceptable.");
            }
        }
        return new ApiException(500, "server_error", "Something went wrong on our side. Retry with back-off.");
    }
}
