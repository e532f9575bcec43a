package dev.esim.ingress.stripe;

import static dev.esim.ingress.stripe.JsonFields.nonBlank;

import dev.esim.ingress.event.WebhookRejected;
import dev.esim.ingress.event.WebhookRejected.Reason;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The envelope fields of a verified Stripe event ({@code id}, {@code type}, {@code created}, {@code livemode},
 * {@code api_version}) and its {@code data.object} as a Jackson tree, from a single parse of the body's bytes.
 *
 * @param apiVersion the version {@code data.object} is rendered in; null for events created before API versions
 */
record StripeEvent(String id, String type, long created, boolean livemode, String apiVersion, JsonNode object) {

    /** 9999-12-31T23:59:59Z: a later (or negative) {@code created} is not a real event and would not fit an Instant. */
    private static final long LATEST_CREATED = 253_402_300_799L;

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** Anything that is not a Stripe event object is a {@code validation_error}, never an exception of our own. */
    static StripeEvent parse(byte[] payload) {
        JsonNode event;
        try {
            event = MAPPER.readTree(payload);
        } catch (JacksonException e) { // malformed, or past Jackson's limits on nesting and number length
            event = null;
        }
        if (event == null || !event.isObject() || !isAbsentOr(event.get("object"), "event")) {
            throw notAnEvent();
        }
        String id = nonBlank(event, "id");
        String type = nonBlank(event, "type");
        JsonNode created = event.get("created");
        JsonNode data = event.get("data");
        if (id == null || type == null || created == null || !created.isNumber() || data == null || !data.isObject()) {
            throw notAnEvent();
        }
        JsonNode object = data.get("object");
        if (object == null || !object.isObject()) {
            throw new WebhookRejected(Reason.VALIDATION_ERROR, "Stripe event has no data.object");
        }
        long createdSeconds;
        try {
            createdSeconds = created.decimalValue().longValueExact();
        } catch (RuntimeException e) { // a fraction, or a number too large or not finite
            throw notAnEvent();
        }
        if (createdSeconds < 0 || createdSeconds > LATEST_CREATED) {
            throw notAnEvent();
        }
        JsonNode flag = event.get("livemode");
        boolean livemode = flag != null && flag.isBoolean() && flag.booleanValue();
        return new StripeEvent(id, type, createdSeconds, livemode, nonBlank(event, "api_version"), object);
    }

    private static boolean isAbsentOr(JsonNode value, String expected) {
        return value == null || value.isNull() || value.isString() && expected.equals(value.asString());
    }

    private static WebhookRejected notAnEvent() {
        return new WebhookRejected(Reason.VALIDATION_ERROR, "Body is not a Stripe event");
    }
}
