package dev.esim.ingress.govukpay;

import dev.esim.ingress.event.WebhookRejected;
import dev.esim.ingress.event.WebhookRejected.Reason;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The envelope of a verified GOV.UK Pay webhook message and its {@code resource} (the payment or refund as the API
 * would return it), from a single parse of the body's bytes. GOV.UK Pay's documentation writes event and resource
 * types in upper case and its messages have used lower case, so both are read case-insensitively and kept in lower
 * case.
 *
 * @param id           the message id (our {@code causation_id}); a re-sent message may carry another
 * @param eventType    e.g. {@code card_payment_succeeded}, lower case
 * @param createdDate  when the payment event happened
 * @param resourceId   the payment id, or the refund id for a refund
 * @param resourceType {@code payment} or {@code refund}, lower case; null when absent
 * @param resource     the payment or refund
 */
record GovukPayMessage(String id, String eventType, Instant createdDate, String resourceId, String resourceType,
                       JsonNode resource) {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    /** Outside these the date is not a real event's, and a far one would not fit Avro's timestamp-millis. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    /** Anything that is not a GOV.UK Pay webhook message is a {@code validation_error}, never an exception of ours. */
    static GovukPayMessage parse(byte[] body) {
        JsonNode message;
        try {
            message = MAPPER.readTree(body);
        } catch (JacksonException e) { // malformed, or past Jackson's limits on nesting and number length
            message = null;
        }
        if (message == null || !message.isObject()) {
            throw invalid("Body is not a GOV.UK Pay webhook message");
        }
        String id = text(message, "id");
        String eventType = text(message, "event_type");
        String resourceId = text(message, "resource_id");
        String created = text(message, "created_date");
        JsonNode resource = message.get("resource");
        if (id == null || eventType == null || resourceId == null || created == null || resource == null
                || !resource.isObject()) {
            throw invalid("GOV.UK Pay message lacks id, event_type, created_date, resource_id or resource");
        }
        String resourceType = text(message, "resource_type");
        return new GovukPayMessage(id, eventType.toLowerCase(Locale.ROOT), instant(created), resourceId,
                resourceType == null ? null : resourceType.toLowerCase(Locale.ROOT), resource);
    }

    /** A non-blank string field's value; null when absent, blank or not a string. */
    static String text(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value != null && value.isString() && !value.asString().isBlank() ? value.asString() : null;
    }

    static WebhookRejected invalid(String message) {
        return new WebhookRejected(Reason.VALIDATION_ERROR, message);
    }

    /** ISO-8601 with an offset ({@code Z} in GOV.UK Pay's messages); an instant outside year 1..9999 is refused. */
    private static Instant instant(String value) {
        Instant instant;
        try {
            instant = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            instant = null;
        }
        if (instant == null || instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw invalid("GOV.UK Pay message has a created_date that is not an ISO-8601 date-time");
        }
        return instant;
    }
}
