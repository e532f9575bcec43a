package dev.esim.sandbox.govukpay;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /v1/payments}, checked as GOV.UK Pay checks it: a missing required field is a 400
 * {@code P0101}, a value of the wrong type, length or range a 422 {@code P0102}, each naming the {@code field}. Fields
 * GOV.UK Pay knows but the stand-in does not serve (delayed capture, MOTO, agreements) are refused rather than
 * silently ignored, so a caller does not believe it got them.
 */
record CreatePaymentRequest(long amount, String reference, String description, String returnUrl, String email,
        String language, Map<String, Object> metadata) {

    static final long MAX_AMOUNT = 10_000_000L;

    static CreatePaymentRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiError.of(400, "P0197", "The request body is not a JSON object");
        }
        long amount = amount(body);
        String reference = text(body, "reference", 255, true);
        String description = text(body, "description", 255, true);
        String returnUrl = text(body, "return_url", 2000, true);
        if (!isAbsoluteHttpUrl(returnUrl)) {
            throw ApiError.invalid("P0102", "return_url", "must be an absolute http or https URL");
        }
        String email = text(body, "email", 254, false);
        String language = text(body, "language", 2, false);
        if (language != null && !language.equals("en") && !language.equals("cy")) {
            throw ApiError.invalid("P0102", "language", "must be \"en\" or \"cy\"");
        }
        refuseUnserved(body);
        return new CreatePaymentRequest(amount, reference, description, returnUrl, email,
                language == null ? "en" : language, metadata(body));
    }

    private static long amount(JsonNode body) {
        JsonNode amount = body.get("amount");
        if (amount == null || amount.isNull()) {
            throw ApiError.missing("P0101", "amount");
        }
        if (!amount.isIntegralNumber() || !amount.canConvertToLong()) {
            throw ApiError.invalid("P0102", "amount", "must be a whole number of pence");
        }
        long pence = amount.longValue();
        if (pence < 1) {
            throw ApiError.invalid("P0102", "amount", "must be at least 1");
        }
        if (pence > MAX_AMOUNT) {
            throw ApiError.invalid("P0102", "amount", "must be at most " + MAX_AMOUNT);
        }
        return pence;
    }

    private static String text(JsonNode body, String field, int maxLength, boolean required) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw ApiError.missing("P0101", field);
            }
            return null;
        }
        if (!value.isString()) {
            throw ApiError.invalid("P0102", field, "must be a string");
        }
        String text = value.asString();
        if (required && text.isBlank()) {
            throw ApiError.missing("P0101", field);
        }
        if (text.length() > maxLength) {
            throw ApiError.invalid("P0102", field, "must be at most " + maxLength + " characters long");
        }
        return text;
    }

    private static boolean isAbsoluteHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            return uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** 1 to 10 keys of up to 30 characters; values strings (up to 100 characters), numbers or booleans. */
    private static Map<String, Object> metadata(JsonNode body) {
        JsonNode metadata = body.get("metadata");
        if (metadata == null || metadata.isNull()) {
            return null;
        }
        if (!metadata.isObject() || metadata.isEmpty() || metadata.size() > 10) {
            throw ApiError.invalid("P0102", "metadata", "must be an object of 1 to 10 keys");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : metadata.properties()) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            if (key.isEmpty() || key.length() > 30) {
                throw ApiError.invalid("P0102", "metadata", "keys must be 1 to 30 characters long");
            }
            if (value.isString() && value.asString().length() <= 100) {
                values.put(key, value.asString());
            } else if (value.isIntegralNumber() && value.canConvertToLong()) {
                values.put(key, value.longValue());
            } else if (value.isNumber()) {
                values.put(key, value.doubleValue());
            } else if (value.isBoolean()) {
                values.put(key, value.booleanValue());
            } else {
                throw ApiError.invalid("P0102", "metadata",
                        "values must be strings of at most 100 characters, numbers or booleans");
            }
        }
        return values;
    }

    private static void refuseUnserved(JsonNode body) {
        for (String flag : new String[] {"delayed_capture", "moto"}) {
            JsonNode value = body.get(flag);
            if (value != null && !value.isNull() && !(value.isBoolean() && !value.booleanValue())) {
                throw ApiError.invalid("P0102", flag, "the sandbox serves only immediate, non-MOTO card payments");
            }
        }
        JsonNode mode = body.get("authorisation_mode");
        if (mode != null && !mode.isNull() && !"web".equals(mode.asString(""))) {
            throw ApiError.invalid("P0102", "authorisation_mode", "the sandbox serves only \"web\" payments");
        }
        for (String unserved : new String[] {"agreement_id", "set_up_agreement"}) {
            if (body.has(unserved)) {
                throw ApiError.invalid("P0102", unserved, "the sandbox has no recurring payment agreements");
            }
        }
    }
}
