package dev.esim.ingress.stripe;

import static dev.esim.ingress.stripe.JsonFields.nonBlank;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.esim.ingress.event.WebhookRejected;
import dev.esim.ingress.event.WebhookRejected.Reason;

/**
 * The envelope fields of a verified Stripe event ({@code id}, {@code type}, {@code created}, {@code livemode},
 * {@code api_version}) and its {@code data.object} as a Gson tree, from a single parse of the body.
 *
 * @param apiVersion the version {@code data.object} is rendered in; null for events created before API versions
 */
record StripeEvent(String id, String type, long created, boolean livemode, String apiVersion, JsonObject object) {

    /** 9999-12-31T23:59:59Z: a later (or negative) {@code created} is not a real event and would not fit an Instant. */
    private static final long LATEST_CREATED = 253_402_300_799L;

    /** Anything that is not a Stripe event object is a {@code validation_error}, never an exception of our own. */
    static StripeEvent parse(String payload) {
        JsonObject event;
        try {
            event = JsonParser.parseString(payload) instanceof JsonObject parsed ? parsed : null;
        } catch (RuntimeException e) { // Gson's JsonParseException, or a nesting too deep for its reader
            event = null;
        }
        if (event == null || !isAbsentOr(event.get("object"), "event")) {
            throw notAnEvent();
        }
        String id = nonBlank(event, "id");
        String type = nonBlank(event, "type");
        JsonElement created = event.get("created");
        if (id == null || type == null || !(created instanceof JsonPrimitive time) || !time.isNumber()
                || !(event.get("data") instanceof JsonObject data)) {
            throw notAnEvent();
        }
        if (!(data.get("object") instanceof JsonObject object)) {
            throw new WebhookRejected(Reason.VALIDATION_ERROR, "Stripe event has no data.object");
        }
        long createdSeconds;
        try {
            createdSeconds = time.getAsBigDecimal().longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw notAnEvent();
        }
        if (createdSeconds < 0 || createdSeconds > LATEST_CREATED) {
            throw notAnEvent();
        }
        boolean livemode = event.get("livemode") instanceof JsonPrimitive flag && flag.isBoolean() && flag.getAsBoolean();
        return new StripeEvent(id, type, createdSeconds, livemode, nonBlank(event, "api_version"), object);
    }

    private static boolean isAbsentOr(JsonElement value, String expected) {
        return value == null || value.isJsonNull()
                || value instanceof JsonPrimitive p && p.isString() && expected.equals(p.getAsString());
    }

    private static WebhookRejected notAnEvent() {
        return new WebhookRejected(Reason.VALIDATION_ERROR, "Body is not a Stripe event");
    }
}
