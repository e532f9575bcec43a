package dev.esim.catalog.govukpay;

import dev.esim.catalog.checkout.CheckoutGateway.GatewayUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * GOV.UK Pay's public API over plain HTTP and JSON: GOV.UK Pay publishes no Java client, and we need five calls
 * (create, get and cancel a payment, refund it, search payments and refunds). Bearer-key authentication; a network
 * fault, a 429 ({@code P0900}) or a 5xx is a {@link GatewayUnavailableException} (retry later), any other 4xx a
 * {@link Refused} with GOV.UK Pay's error code. Error messages name the call and code, never a body or the key.
 */
final class GovUkPayApi {

    /** GOV.UK Pay answered 4xx: {@code code} is its {@code P0…} error code. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final int status;
        private final String code;

        Refused(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }

        int status() {
            return status;
        }

        String code() {
            return code;
        }
    }

    private final HttpClient http;
    private final String base;
    private final String apiKey;
    private final Duration timeout;
    private final JsonMapper json;

    GovUkPayApi(HttpClient http, String base, String apiKey, Duration timeout, JsonMapper json) {
        this.http = http;
        this.base = base.replaceAll("/+$", "");
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.json = json;
    }

    JsonNode get(String path) {
        return send("GET " + path, request(path).GET());
    }

    JsonNode get(String path, Map<String, String> query) {
        StringJoiner q = new StringJoiner("&", "?", "");
        query.forEach((k, v) -> q.add(enc(k) + "=" + enc(v)));
        return send("GET " + path, request(path + q).GET());
    }

    /** @param idempotencyKey sent as {@code Idempotency-Key} when not null (payment creation honours it) */
    JsonNode post(String path, Object body, String idempotencyKey) {
        HttpRequest.Builder r = request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : json.writeValueAsString(body),
                        StandardCharsets.UTF_8));
        if (idempotencyKey != null) {
            r.header("Idempotency-Key", idempotencyKey);
        }
        return send("POST " + path, r);
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(timeout)
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json")
                .header("User-Agent", "esim-catalog");
    }

    private JsonNode send(String call, HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new GatewayUnavailableException("GOV.UK Pay " + path(call) + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayUnavailableException("GOV.UK Pay " + path(call) + " interrupted", e);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            String body = response.body();
            return body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
        }
        String code = errorCode(response.body());
        String message = "GOV.UK Pay " + path(call) + " answered HTTP " + status + (code.isEmpty() ? "" : " " + code);
        if (status == 429 || status / 100 == 5 || status == 401 || status == 403) {
            // a rate limit, an outage, or a key problem support must fix: none is the traveller's to solve
            throw new GatewayUnavailableException(message, null);
        }
        throw new Refused(status, code, message);
    }

    private String errorCode(String body) {
        try {
            return json.readTree(body).path("code").asString("");
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** The call without its query (ids in paths are GOV.UK Pay's, not personal data). */
    private static String path(String call) {
        int q = call.indexOf('?');
        return q < 0 ? call : call.substring(0, q);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
