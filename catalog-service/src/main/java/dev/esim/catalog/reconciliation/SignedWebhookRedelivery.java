package dev.esim.catalog.reconciliation;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Re-delivers a gateway event to payment-ingress's endpoint for that gateway ({@code POST /webhooks/stripe},
 * {@code /webhooks/govukpay}), signed the way the gateway signs, so it takes the path a real delivery takes: the same
 * verification, the same normalisation and the same deterministic event id. A late original delivery then dedupes
 * against ours.
 */
final class SignedWebhookRedelivery implements WebhookRedelivery {

    private static final Logger LOG = LoggerFactory.getLogger(SignedWebhookRedelivery.class);

    private final HttpClient http;
    private final URI webhookUrl;
    private final ReconciledGateway.WebhookSigner signer;
    private final Duration timeout;
    private final Clock clock;
    private final JsonMapper json;

    SignedWebhookRedelivery(HttpClient http, URI webhookUrl, ReconciledGateway.WebhookSigner signer,
                            Duration timeout, Clock clock, JsonMapper json) {
        this.http = http;
        this.webhookUrl = webhookUrl;
        this.signer = signer;
        this.timeout = timeout;
        this.clock = clock;
        this.json = json;
    }

    @Override
    public Outcome redeliver(GatewayEvent event) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(webhookUrl)
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "esim-catalog-reconciliation")
                .POST(HttpRequest.BodyPublishers.ofString(event.json(), StandardCharsets.UTF_8));
        signer.headers(event.json(), clock.instant()).forEach(builder::header);
        HttpRequest request = builder.build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.warn("payment-ingress unreachable for event {}: {}", event.id(), e.toString());
            return Outcome.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.FAILED;
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            String answer = readStatus(response.body());
            return "ignored".equals(answer) ? Outcome.IGNORED : Outcome.PUBLISHED;
        }
        // the canonical error body carries a code and request id, never the event body
        LOG.warn("payment-ingress answered {} for event {} ({}): {}", status, event.id(), event.type(),
                readErrorCode(response.body()));
        return status / 100 == 4 && status != 429 ? Outcome.REFUSED : Outcome.FAILED;
    }

    private String readStatus(String body) {
        try {
            return json.readTree(body).path("status").asString("");
        } catch (RuntimeException e) {
            return "";
        }
    }

    private String readErrorCode(String body) {
        try {
            return json.readTree(body).path("error").path("code").asString("");
        } catch (RuntimeException e) {
            return "";
        }
    }
}
