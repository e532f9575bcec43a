package dev.esim.ingress.provider;

import dev.esim.ingress.event.WebhookRejected;
import dev.esim.ingress.event.WebhookRejected.Reason;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Strict reading of provider payloads: anything missing or mistyped is a {@code validation_error}. */
final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    static JsonNode parseObject(byte[] body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw invalid("Body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw invalid("Body is not a JSON object");
        }
        return node;
    }

    static JsonNode object(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isObject()) {
            throw invalid("Field " + field + " must be an object");
        }
        return node;
    }

    static String text(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isString() || node.asString().isBlank()) {
            throw invalid("Field " + field + " must be a non-empty string");
        }
        return node.asString();
    }

    static String optionalText(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        return node != null && node.isString() && !node.asString().isBlank() ? node.asString() : null;
    }

    static long wholeNumber(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isNumber() || node.asDouble() < 0) {
            throw invalid("Field " + field + " must be a non-negative number");
        }
        return node.asLong();
    }

    static Instant instant(JsonNode parent, String field) {
        try {
            return Instant.parse(text(parent, field));
        } catch (DateTimeParseException e) {
            throw invalid("Field " + field + " must be an ISO-8601 instant");
        }
    }

    static Instant optionalInstant(JsonNode parent, String field) {
        return optionalText(parent, field) == null ? null : instant(parent, field);
    }

    static WebhookRejected invalid(String message) {
        return new WebhookRejected(Reason.VALIDATION_ERROR, message);
    }
}
