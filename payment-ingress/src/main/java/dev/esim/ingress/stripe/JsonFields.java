package dev.esim.ingress.stripe;

import tools.jackson.databind.JsonNode;

/** Typed lookups in Stripe's JSON, shared by {@link StripeEvent} and {@link StripeNormaliser}. */
final class JsonFields {

    private JsonFields() {
    }

    /** The field's value if it is a string (blank included); null when it is absent, JSON null or not a string. */
    static String string(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }

    /** Like {@link #string}, but a blank string counts as absent. */
    static String nonBlank(JsonNode object, String field) {
        String value = string(object, field);
        return value == null || value.isBlank() ? null : value;
    }

    /** The field's value if it is a JSON object, else null. */
    static JsonNode object(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value != null && value.isObject() ? value : null;
    }

    /** Whether the field is present and not JSON null. */
    static boolean present(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value != null && !value.isNull();
    }
}
