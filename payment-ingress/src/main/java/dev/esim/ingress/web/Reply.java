package dev.esim.ingress.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * A webhook answer: a status and a small JSON object, written straight to the response. Every answer of the
 * endpoints is JSON, so the per-request content negotiation and codec lookup that a {@code ResponseEntity} return
 * value costs buys nothing here (README, "Benchmark").
 *
 * @param headers set on the response besides the content type and length
 */
record Reply(HttpStatus status, Map<String, Object> body, Map<String, String> headers) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Reply ok(Map<String, Object> body) {
        return new Reply(HttpStatus.OK, body, Map.of());
    }

    /** The canonical error body: {@code {"error":{"code","message","request_id"}}}. */
    static Reply error(HttpStatus status, String code, String message, String requestId) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("request_id", requestId);
        return new Reply(status, Map.of("error", error), Map.of());
    }

    /** Adds {@code Retry-After: 5}: the event was not stored, the gateway should try again. */
    Reply retryingLater() {
        return new Reply(status, body, Map.of(HttpHeaders.RETRY_AFTER, "5"));
    }

    /** Adds {@code Allow}, as a 405 must. */
    Reply allowing(HttpMethod method) {
        return new Reply(status, body, Map.of(HttpHeaders.ALLOW, method.name()));
    }

    Mono<Void> writeTo(ServerWebExchange exchange) {
        byte[] json = JSON.writeValueAsBytes(body);
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setContentLength(json.length);
        this.headers.forEach(headers::set);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(json)));
    }
}
