package dev.esim.sandbox.provider;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one simulated API call answers, before rendering. Error results carry the canonical error fields; the
 * request id is added when rendering, so a stored success can be replayed under a new request id.
 */
record ApiResult(int status, Map<String, Object> body, Map<String, String> headers) {

    static ApiResult ok(int status, Map<String, Object> body) {
        return new ApiResult(status, body, Map.of());
    }

    static ApiResult error(int status, String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        return new ApiResult(status, Map.of("error", error), Map.of());
    }

    static ApiResult rateLimited(int retryAfterSeconds) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", "rate_limited");
        error.put("message", "Too many requests. Try again later.");
        error.put("retry_after", retryAfterSeconds);
        return new ApiResult(429, Map.of("error", error), Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
    }

    static ApiResult validation(String message) {
        return error(400, "validation_error", message);
    }

    static ApiResult notFound(String message) {
        return error(404, "not_found", message);
    }

    static ApiResult conflict(String message) {
        return error(409, "conflict", message);
    }

    static ApiResult serverError() {
        return error(500, "server_error", "Something went wrong on our side. Retry with back-off.");
    }

    boolean successful() {
        return status >= 200 && status < 300;
    }

    boolean isError() {
        return body.containsKey("error");
    }

    ApiResult withHeader(String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return new ApiResult(status, body, all);
    }

    /** The body as sent: errors get the request id inside, as the canonical error body requires. */
    @SuppressWarnings("unchecked")
    Map<String, Object> renderedBody(String requestId) {
        if (!isError()) {
            return body;
        }
        Map<String, Object> error = new LinkedHashMap<>((Map<String, Object>) body.get("error"));
        Object retryAfter = error.remove("retry_after");
        error.put("request_id", requestId);
        if (retryAfter != null) {
            error.put("retry_after", retryAfter);
        }
        return Map.of("error", error);
    }
}
