package dev.esim.sandbox.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Stripe's authentication for {@code /stripe/**}: {@code Authorization: Bearer sk_test_…} (stripe-java) or HTTP Basic
 * with the key as user name ({@code curl -u sk_test_…:}). Only test-mode keys are accepted: a {@code sk_live_} key
 * answers 401 as Stripe answers an invalid key, so a live key configured by mistake fails loudly here instead of
 * appearing to work.
 */
final class ApiKeyFilter implements WebFilter {

    static final String API_KEY_ATTRIBUTE = ApiKeyFilter.class.getName() + ".apiKey";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!exchange.getRequest().getPath().value().startsWith("/stripe/")) {
            return chain.filter(exchange);
        }
        String key = apiKey(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        if (key == null || key.isBlank()) {
            return reject(exchange, "You did not provide an API key. You need to provide your API key in the"
                    + " Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').");
        }
        if (!key.startsWith("sk_test_") && !key.startsWith("rk_test_")) {
            return reject(exchange, "Invalid API Key provided: " + redact(key)
                    + ". The sandbox gateway accepts test-mode keys (sk_test_…) only.");
        }
        exchange.getAttributes().put(API_KEY_ATTRIBUTE, key);
        return chain.filter(exchange);
    }

    private static String apiKey(String authorization) {
        if (authorization == null) {
            return null;
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).strip();
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? decoded : decoded.substring(0, colon);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    /** Like Stripe: the prefix and the last four characters, never the whole key. */
    static String redact(String key) {
        int underscore = key.lastIndexOf('_');
        String prefix = underscore > 0 && underscore < 12 ? key.substring(0, underscore + 1) : "";
        String tail = key.length() > 4 ? key.substring(key.length() - 4) : "";
        return prefix + "*".repeat(Math.max(4, Math.min(20, key.length() - prefix.length() - 4))) + tail;
    }

    private static Mono<Void> reject(ServerWebExchange exchange, String message) {
        String requestId = StripeJson.id("req_").substring(0, 18);
        String body = new StripeApiException(401, "invalid_request_error", null, null, message).body(requestId);
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        response.getHeaders().set("Request-Id", requestId);
        response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"Stripe\"");
        var buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(buffer));
    }
}
