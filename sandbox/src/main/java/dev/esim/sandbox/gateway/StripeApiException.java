package dev.esim.sandbox.gateway;

import java.util.Map;

/** A Stripe API error, rendered as Stripe's {@code {"error":{…}}} body with the matching HTTP status. */
final class StripeApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;
    private final String code;
    private final String param;

    StripeApiException(int status, String type, String code, String param, String message) {
        super(message);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
    }

    static StripeApiException invalid(String code, String param, String message) {
        return new StripeApiException(400, "invalid_request_error", code, param, message);
    }

    static StripeApiException missing(String param) {
        return invalid("parameter_missing", param, "Missing required param: " + param + ".");
    }

    static StripeApiException noSuch(String objectName, String param, String id) {
        return new StripeApiException(404, "invalid_request_error", "resource_missing", param,
                "No such " + objectName + ": '" + id + "'");
    }

    int status() {
        return status;
    }

    String body(String requestId) {
        Map<String, Object> error = StripeObjects.obj();
        if (code != null) {
            error.put("code", code);
            error.put("doc_url", "https://stripe.com/docs/error-codes/" + code.replace('_', '-'));
        }
        error.put("message", getMessage());
        if (param != null) {
            error.put("param", param);
        }
        error.put("request_log_url", null);
        error.put("type", type);
        return StripeJson.write(StripeObjects.obj("error", error));
    }
}
