package dev.esim.sandbox.provider;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * Counters for tests, since the last reset ({@code GET /provider/admin/stats}, {@link ProviderSimulator#stats()}).
 *
 * @param profilesIssued        eSIM profiles (lines) issued per our reference (order id) — "exactly one eSIM"
 * @param requests              API requests per endpoint, e.g. {@code "POST /v1/orders" -> 3}, refused ones included
 * @param maxRequestsPerSecond  most API requests seen within any sliding one-second window
 * @param cancellations         lines cancelled (and refunded)
 * @param topups                top-ups applied
 * @param rateLimited           requests answered 429 (limit or burst fault)
 * @param injectedServerErrors  requests answered 500 by the fault injector
 * @param injectedTimeouts      requests made to hang by the fault injector
 * @param webhookAttempts       webhook POSTs made, retries and duplicates included
 * @param webhooksDelivered     webhook POSTs the receiver answered 2xx
 * @param webhooksGivenUp       deliveries abandoned after the last retry
 * @param webhooksDropped       webhooks never sent (fault {@code drop_callbacks})
 */
public record ProviderStats(
        @JsonProperty("profiles_issued") Map<String, Integer> profilesIssued,
        @JsonProperty("requests") Map<String, Long> requests,
        @JsonProperty("max_requests_per_second") int maxRequestsPerSecond,
        @JsonProperty("cancellations") long cancellations,
        @JsonProperty("topups") long topups,
        @JsonProperty("rate_limited") long rateLimited,
        @JsonProperty("injected_server_errors") long injectedServerErrors,
        @JsonProperty("injected_timeouts") long injectedTimeouts,
        @JsonProperty("webhook_attempts") long webhookAttempts,
        @JsonProperty("webhooks_delivered") long webhooksDelivered,
        @JsonProperty("webhooks_given_up") long webhooksGivenUp,
        @JsonProperty("webhooks_dropped") long webhooksDropped) {

    public int profilesIssuedFor(String reference) {
        return profilesIssued.getOrDefault(reference, 0);
    }

    public long requestsTo(String endpoint) {
        return requests.getOrDefault(endpoint, 0L);
    }
}
