package dev.esim.ingress.stripe;

import static dev.esim.ingress.stripe.JsonFields.nonBlank;

import dev.esim.ingress.event.WebhookRejected;
import dev.esim.ingress.event.WebhookRejected.Reason;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The envelope fields of a verified Stripe event ({@code id}, {@code type}, {@code created}, {@code livemode},
 * {@code api_version}) and its {@code data.object} as a Jackson tree, from a single parse of the body's bytes.
 *
 * <p>The parse keeps only what is read later: the envelope fields and the {@code data.object} fields in
 * {@link StripeNormaliser#FIELDS_READ}. Everything else (a Checkout Session has dozens of fields) is checked for
 * well-formedness by the streaming parser and skipped, never built into tree nodes.
 *
 * @param apiVersion the version {@code data.object} is rendered in; null for events created before API versions
 */
record StripeEvent(String id, String type, long created, boolean livemode, String apiVersion, JsonNode object) {

    /** 9999-12-31T23:59:59Z: a later (or negative) {@code created} is not a real event and would not fit an Instant. */
    private static final long LATEST_CREATED = 253_402_300_799L;

    /** Reads values inside the event one at a time: trailing content is checked once, after the event object. */
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    /** What the tree keeps: the envelope, and of {@code data} only the object's fields that are read. */
    private static final Keep EVENT = Keep.fields(Map.of(
            "object", Keep.WHOLE, "id", Keep.WHOLE, "type", Keep.WHOLE, "created", Keep.WHOLE,
            "livemode", Keep.WHOLE, "api_version", Keep.WHOLE,
            "data", Keep.fields(Map.of("object", Keep.fields(StripeNormaliser.FIELDS_READ.stream()
                    .collect(Collectors.toMap(field -> field, field -> Keep.WHOLE)))))));

    /** Anything that is not a Stripe event object is a {@code validation_error}, never an exception of our own. */
    static StripeEvent parse(byte[] payload) {
        JsonNode event;
        try (JsonParser parser = MAPPER.createParser(payload)) {
            parser.nextToken();
            event = EVENT.read(parser);
            if (parser.nextToken() != null) {
                event = null; // more after the event object
            }
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

    /** Which fields of a JSON object to build into the tree; {@code null} fields = the whole value. */
    private record Keep(Map<String, Keep> fields) {

        static final Keep WHOLE = new Keep(null);

        static Keep fields(Map<String, Keep> fields) {
            return new Keep(fields);
        }

        /** Reads the value the parser is at; of an object, only the kept fields (the others are skipped). */
        JsonNode read(JsonParser parser) {
            if (fields == null || parser.currentToken() != JsonToken.START_OBJECT) {
                return MAPPER.readTree(parser);
            }
            ObjectNode node = MAPPER.createObjectNode();
            for (String name = parser.nextName(); name != null; name = parser.nextName()) {
                parser.nextToken();
                Keep keep = fields.get(name);
                if (keep == null) {
                    parser.skipChildren();
                } else {
                    node.set(name, keep.read(parser));
                }
            }
            return node;
        }
    }

    private static WebhookRejected notAnEvent() {
        return new WebhookRejected(Reason.VALIDATION_ERROR, "Body is not a Stripe event");
    }
}
