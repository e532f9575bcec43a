package dev.esim.sandbox.govukpay;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refusal in GOV.UK Pay's error shape: {@code {"field"?, "header"?, "code": "P0xxx", "description"}}, with the HTTP
 * status GOV.UK Pay gives that code. Only the 401 differs: GOV.UK Pay documents no error code for a missing or wrong
 * key and answers with a bare {@code {"message"}}, so the stand-in does too.
 */
final class ApiError extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;
    private final String header;

    private ApiError(int status, String code, String description, String field, String header) {
        super(description, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
        this.header = header;
    }

    static ApiError of(int status, String code, String description) {
        return new ApiError(status, code, description, null, null);
    }

    /** 400 with the field that is missing ({@code P0101}, {@code P0601}). */
    static ApiError missing(String code, String field) {
        return new ApiError(400, code, "Missing required field: " + field, field, null);
    }

    /** 422 with the field whose value is wrong ({@code P0102}, {@code P0602}). */
    static ApiError invalid(String code, String field, String why) {
        return new ApiError(422, code, "Invalid value for " + field + ": " + why, field, null);
    }

    static ApiError invalidHeader(String header, String why) {
        return new ApiError(422, "P0102", why, null, header);
    }

    static ApiError unauthorized() {
        return new ApiError(401, null, "API key missing or not accepted by this sandbox", null, null);
    }

    /** A path the stand-in does not serve; GOV.UK Pay's own 404 for an unknown path carries no error code either. */
    static ApiError noSuchEndpoint(String method, String path) {
        return new ApiError(404, null, "No such endpoint in the GOV.UK Pay sandbox: " + method + " " + path
                + " (see sandbox/README.md)", null, null);
    }

    static ApiError notFound(String code) {
        return of(404, code, "Not found");
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        if (code == null) {
            body.put("message", getMessage());
            return body;
        }
        if (field != null) {
            body.put("field", field);
        }
        if (header != null) {
            body.put("header", header);
        }
        body.put("code", code);
        body.put("description", getMessage());
        return body;
    }
}
