package dev.esim.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.esim.sandbox.govukpay.PaySignature;

/**
 * GOV.UK Pay webhook messages as the chaos tool re-sends them: rebuilt from the stand-in's admin listing of a message
 * and its resource as GOV.UK Pay's API returns it, and signed with {@code Pay-Signature}.
 */
final class GovUkPayMessages {

    private GovUkPayMessages() {
    }

    /**
     * The message body GOV.UK Pay sends, in its field order: {@code id}, {@code api_version} 1, {@code created_date},
     * {@code resource_id}, {@code resource_type}, {@code event_type} — each as the listing gives it — and
     * {@code resource}: the payment ({@code GET /v1/payments/{id}}) or the refund
     * ({@code GET /v1/payments/{id}/refunds/{refund_id}}).
     *
     * @param listed   one entry of {@code GET /govukpay/admin/messages}
     * @param resource the resource as the API returns it now
     */
    static String rebuild(JsonNode listed, JsonNode resource) {
        ObjectNode body = Outside.JSON.createObjectNode();
        body.put("id", listed.path("id").asText());
        body.put("api_version", 1);
        body.put("created_date", listed.path("created_date").asText());
        body.put("resource_id", listed.path("resource_id").asText());
        body.put("resource_type", listed.path("resource_type").asText());
        body.put("event_type", listed.path("event_type").asText());
        body.set("resource", resource);
        return body.toString();
    }

    /**
     * {@code Pay-Signature}: the lower-case hex HMAC-SHA256 of the exact body (UTF-8), keyed with the signing secret
     * — the stand-in's own signer, as the Stripe copies use the sandbox's {@code StripeSigner}.
     */
    static String signature(String body, String secret) {
        return PaySignature.of(body, secret);
    }
}
