package dev.esim.sandbox.provider;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code /provider/admin/…}: the same handle as {@link ProviderSimulator}, over HTTP, for tests in other processes
 * and for poking the local stack by hand. Unauthenticated on purpose — it only exists in the sandbox — and outside
 * the rate limit and fault injection, so a test can always reach it.
 */
final class ProviderAdminRoutes {

    private final ProviderSimulator simulator;
    private final ObjectMapper json;

    ProviderAdminRoutes(ProviderSimulator simulator, ObjectMapper json) {
        this.simulator = simulator;
        this.json = json;
    }

    /** The admin API under {@code prefix}: {@code /provider/admin/<name>}; the primary's also at /provider/admin. */
    RouterFunction<ServerResponse> routes(String prefix) {
        return RouterFunctions.route()
                .path(prefix, admin -> admin
                        .GET("/faults", r -> ok(simulator.faults()))
                        .POST("/faults", r -> withBody(r, body -> {
                            simulator.setFaults(json.readValue(body, ProviderFaults.class));
                            return simulator.faults();
                        }))
                        .DELETE("/faults", r -> {
                            simulator.clearFaults();
                            return ok(simulator.faults());
                        })
                        .POST("/reset", r -> {
                            simulator.reset();
                            return ok(simulator.stats());
                        })
                        .GET("/stats", r -> ok(simulator.stats()))
                        .POST("/balance", r -> withBody(r, body -> {
                            simulator.setBalance(new BigDecimal(field(body, "amount").asString()));
                            return Map.of("amount", simulator.balance(), "currency", "USD");
                        }))
                        .POST("/activation-mode", r -> withBody(r, body -> {
                            JsonNode node = json.readTree(body);
                            ActivationMode mode = mode(field(body, "mode").asString());
                            if (node.hasNonNull("sku")) {
                                simulator.setActivationMode(node.get("sku").asString(), mode);
                            } else {
                                simulator.setActivationMode(mode);
                            }
                            return Map.of("mode", mode.name().toLowerCase(Locale.ROOT));
                        }))
                        .POST("/callback-url", r -> withBody(r, body -> {
                            simulator.setCallbackUrl(URI.create(field(body, "url").asString()));
                            return Map.of("url", field(body, "url").asString());
                        }))
                        .POST("/lines/{iccid}/install", r -> withBody(r, body -> {
                            simulator.installLine(r.pathVariable("iccid"));
                            return Map.of("iccid", r.pathVariable("iccid"), "installed", true);
                        }))
                        .POST("/lines/{iccid}/usage", r -> withBody(r, body -> {
                            simulator.addUsage(r.pathVariable("iccid"), field(body, "add_mb").asLong());
                            return Map.of("iccid", r.pathVariable("iccid"));
                        }))
                        .POST("/clock/advance", r -> withBody(r, body -> {
                            simulator.advanceClock(Duration.ofSeconds(field(body, "seconds").asLong()));
                            return Map.of("now", simulator.now().toString());
                        })))
                .build();
    }

    private Mono<ServerResponse> withBody(ServerRequest request, Function<String, Object> action) {
        return request.bodyToMono(String.class).defaultIfEmpty("").flatMap(body -> {
            try {
                return ok(action.apply(body));
            } catch (JacksonException | IllegalArgumentException e) {
                // JacksonException covers malformed JSON and invalid fault values; IAE unknown lines and bad numbers
                String message = e instanceof JacksonException ? "malformed or invalid JSON body" : e.getMessage();
                int status = message != null && message.startsWith("no line") ? 404 : 400;
                String code = status == 404 ? "not_found" : "validation_error";
                return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(json.writeValueAsString(
                                Map.of("error", Map.of("code", code, "message", String.valueOf(message)))));
            }
        });
    }

    private JsonNode field(String body, String name) {
        JsonNode value = json.readTree(body).get(name);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    private static ActivationMode mode(String value) {
        return ActivationMode.valueOf(value.toUpperCase(Locale.ROOT));
    }

    private Mono<ServerResponse> ok(Object body) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(json.writeValueAsString(body));
    }
}
