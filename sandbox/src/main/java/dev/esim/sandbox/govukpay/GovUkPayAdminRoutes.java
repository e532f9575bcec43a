package dev.esim.sandbox.govukpay;

import java.time.Duration;
import java.util.List;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /govukpay/admin/…}, for tests and for poking the local stack by hand: what was sent and how its delivery
 * went, a switch that drops deliveries (the lost webhook that reconciliation recovers), and the clock. Unauthenticated
 * and outside the rate limit on purpose — it exists only in the sandbox.
 */
final class GovUkPayAdminRoutes {

    private final Payments payments;
    private final WebhookMessages messages;
    private final WebhookSender sender;
    private final AdjustableClock clock;
    private final JsonMapper json;

    GovUkPayAdminRoutes(Payments payments, WebhookMessages messages, WebhookSender sender, AdjustableClock clock,
            JsonMapper json) {
        this.payments = payments;
        this.messages = messages;
        this.sender = sender;
        this.clock = clock;
        this.json = json;
    }

    RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .path("/govukpay/admin", admin -> admin
                        .GET("/messages", r -> ok(messages(r)))
                        .POST("/deliveries", r -> withBody(r, body -> {
                            sender.dropDeliveries(field(body, "drop").asBoolean());
                            return Map.of("drop", sender.dropsDeliveries());
                        }))
                        .POST("/clock/advance", r -> withBody(r, body -> {
                            clock.advance(Duration.ofSeconds(field(body, "seconds").asLong()));
                            // what the periodic sweep would find next: expire now, so a test need not wait for it
                            payments.expireOverdue();
                            return Map.of("now", Ids.date(clock.instant()));
                        })))
                .build();
    }

    /**
     * Oldest first, optionally only one {@code event_type} or {@code resource_id}. {@code delivery} is
     * {@code pending} (not yet through, still retrying), {@code delivered}, {@code gave_up} or {@code dropped};
     * {@code body} is the message exactly as signed and sent (tests re-deliver it byte for byte).
     */
    private Map<String, Object> messages(ServerRequest request) {
        String eventType = request.queryParam("event_type").orElse(null);
        String resourceId = request.queryParam("resource_id").orElse(null);
        List<Map<String, Object>> listed = messages.all().stream()
                .filter(m -> eventType == null || m.eventType().equalsIgnoreCase(eventType))
                .filter(m -> resourceId == null || m.sent().resourceId().equals(resourceId))
                .map(m -> {
                    WebhookMessage.Progress progress = m.progress();
                    return Representations.object("id", m.id(), "event_type", m.eventType(),
                            "resource_type", m.sent().resourceType(), "resource_id", m.sent().resourceId(),
                            "created_date", Ids.date(m.sent().createdDate()),
                            "delivery", progress.delivery().name().toLowerCase(Locale.ROOT),
                            "attempts", progress.attempts(), "last_status", progress.lastStatus(),
                            "body", m.body());
                })
                .toList();
        return Representations.object("drop_deliveries", sender.dropsDeliveries(), "messages", listed);
    }

    private Mono<ServerResponse> withBody(ServerRequest request, Function<JsonNode, Object> action) {
        return request.bodyToMono(String.class).defaultIfEmpty("").flatMap(body -> {
            try {
                return ok(action.apply(json.readTree(body)));
            } catch (JacksonException | IllegalArgumentException e) {
                String message = e instanceof JacksonException ? "malformed JSON body" : e.getMessage();
                return ServerResponse.badRequest().contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(json.writeValueAsString(Map.of("error", Map.of("code", "validation_error",
                                "message", String.valueOf(message)))));
            }
        });
    }

    private static JsonNode field(JsonNode body, String name) {
        JsonNode value = body == null ? null : body.get(name);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    private Mono<ServerResponse> ok(Object body) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(json.writeValueAsString(body));
    }
}
