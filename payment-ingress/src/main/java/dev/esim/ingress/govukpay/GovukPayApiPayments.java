package dev.esim.ingress.govukpay;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link PaymentReferences} through GOV.UK Pay's public API: one {@code GET /v1/payments/{payment_id}} per refund
 * message, with the account's API key as bearer token. GOV.UK Pay publishes no Java client, and one GET does not
 * warrant one: the JDK's HTTP client is enough. No retries of our own — a failed lookup answers the webhook 503 and
 * GOV.UK Pay delivers it again with back-off.
 *
 * <p>The call blocks; the web layer runs it off the event loop ({@code Normalised.Deferred}).
 */
public final class GovukPayApiPayments implements PaymentReferences {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final String paymentsUrl;
    private final String authorization;
    private final Duration timeout;

    /**
     * @param apiBase GOV.UK Pay's API root, e.g. {@code https://publicapi.payments.service.gov.uk}
     * @param apiKey  an API key of the account the webhook belongs to ({@code api_live_…} / {@code api_test_…})
     * @param timeout connect timeout, and the longest the whole answer may take
     */
    public GovukPayApiPayments(String apiBase, String apiKey, Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder()
                // plain HTTP/1.1: no h2c upgrade dance with a local sandbox, and TLS negotiates h2 where it is offered
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.paymentsUrl = apiBase.replaceAll("/+$", "") + "/v1/payments/";
        this.authorization = "Bearer " + apiKey;
    }

    /** @param paymentId a GOV.UK Pay payment id; the caller has checked that it is a plain id (it goes in the path) */
    @Override
    public Optional<String> referenceOf(String paymentId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(paymentsUrl + paymentId))
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) { // refused, reset, or no answer within the timeout
            throw new Unavailable("GOV.UK Pay's API did not answer a payment lookup: "
                    + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("Interrupted while asking GOV.UK Pay's API for a payment", e);
        }
        int status = response.statusCode();
        if (status == 404) {
            return Optional.empty();
        }
        if (status != 200) {
            // 401 (a wrong key), 429 (rate limit), 5xx: none is the webhook's fault, all may pass
            throw new Unavailable("GOV.UK Pay's API answered " + status + " to a payment lookup", null);
        }
        return Optional.of(reference(response.body()));
    }

    private static String reference(byte[] payment) {
        JsonNode node;
        try {
            node = JSON.readTree(payment);
        } catch (JacksonException e) {
            node = null;
        }
        JsonNode reference = node == null || !node.isObject() ? null : node.get("reference");
        if (reference == null || !reference.isString() || reference.asString().isBlank()) {
            throw new Unavailable("GOV.UK Pay's API answered a payment lookup without a reference", null);
        }
        return reference.asString();
    }
}
