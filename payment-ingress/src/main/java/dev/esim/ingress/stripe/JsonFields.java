package dev.esim.ingress.stripe;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/** Typed lookups in Stripe's JSON, shared by {@link StripeEvent} and {@link StripeNormaliser}. */
final class JsonFields {

    private JsonFields() {
    }

    /** The field's value if it is a string (blank included); null when it is absent, JSON null or not a string. */
    static String string(JsonObject object, String field) {
        return object.get(field) instanceof JsonPrimitive value && value.isString() ? value.getAsString() : null;
    }

    /** Like {@link #string}, but a blank string counts as absent. */
    static String nonBlank(JsonObject object, String field) {
        String value = string(object, field);
        return value == null || value.isBlank() ? null : value;
    }

    /** The field's value if it is a JSON object, else null. */
    static JsonObject object(JsonObject object, String field) {
        return object.get(field) instanceof JsonObject nested ? nested : null;
    }

    /** Whether the field is present and not JSON null. */
    static boolean present(JsonObject object, String field) {
        JsonElement value = object.get(field);
        return value != null && !value.isJsonNull();
    }
}
