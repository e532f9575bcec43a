package dev.esim.ingress.provider;

import dev.esim.events.EventIds;
import dev.esim.ingress.event.Envelope;
import dev.esim.ingress.event.Fact;
import dev.esim.ingress.event.Normalised;
import dev.esim.ingress.event.WebhookRejected;
import dev.esim.ingress.event.WebhookRejected.Reason;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * eSIM Go callbacks, version 3 (docs.esim-go.com, "Webhooks &amp; Callbacks" and the "eSIM Usage Callback" operation):
 * header {@code X-Signature-SHA256} = HMAC-SHA256 keyed with the account's API key over the raw body. The API
 * reference encodes it base64 while the webhook guide's sample compares hex; we accept either encoding.
 *
 * <p>What the scheme does not give us, and what we do about it:
 * <ul>
 *   <li>No signed timestamp, so no replay window: a replayed callback verifies. It is harmless because the event id is
 *       derived from the body's SHA-256, so a replay carries the id of the original and consumers drop it.</li>
 *   <li>No event id: see above ({@code causation_id = sha256:<hex>}).</li>
 *   <li>No event time: {@code occurred_at} is the time we received it.</li>
 *   <li>No reference of ours: usage alerts name only the ICCID. They are keyed by ICCID with an empty
 *       {@code order_id}; the worker, which knows which order holds which ICCID, resolves it.</li>
 * </ul>
 * Only {@code alertType = Utilisation} becomes an event (a usage-threshold alert); other alert types are ignored.
 */
final class EsimGoReceiver implements ProviderWebhooks.Receiver {

    static final String SIGNATURE_HEADER = "X-Signature-SHA256";
    /** eSIM Go reports bundle quantities in bytes (decimal: 1 GB = 1,000,000,000). */
    private static final long BYTES_PER_MB = 1_000_000L;

    private final ProviderEndpoint endpoint;
    private final Clock clock;

    EsimGoReceiver(ProviderEndpoint endpoint, Clock clock) {
        this.endpoint = endpoint;
        this.clock = clock;
    }

    @Override
    public Normalised receive(byte[] body, Function<String, String> headers) {
        verify(body, headers.apply(SIGNATURE_HEADER));
        JsonNode callback = Json.parseObject(body);
        String alertType = Json.text(callback, "alertType");
        String iccid = Json.text(callback, "iccid");
        if (!"Utilisation".equals(alertType)) {
            return new Normalised.Ignore(endpoint.name(), alertType, "event_type_not_handled");
        }
        JsonNode bundle = Json.object(callback, "bundle");
        long initial = Json.wholeNumber(bundle, "initialQuantity");
        long remaining = Json.wholeNumber(bundle, "remainingQuantity");
        String digest = "sha256:" + Hmac.sha256Hex(body);
        Fact fact = new Fact.LineAlert(iccid, Fact.AlertKind.USAGE_THRESHOLD,
                Math.max(0, initial - remaining) / BYTES_PER_MB, remaining / BYTES_PER_MB,
                Json.optionalInstant(bundle, "endTime"));
        return new Normalised.Publish(new Envelope(EventIds.derive(endpoint.name(), digest), clock.instant(), "",
                digest, endpoint.name(), alertType, false, body, fact, iccid));
    }

    private void verify(byte[] body, String header) {
        if (header == null || header.isBlank()) {
            throw new WebhookRejected(Reason.SIGNATURE_INVALID, "Missing " + SIGNATURE_HEADER + " header");
        }
        byte[] presented = decode(header.trim());
        boolean matched = false;
        for (String key : endpoint.secrets()) {
            matched |= Hmac.equal(Hmac.sha256(key, body), presented);
        }
        if (!matched) {
            throw new WebhookRejected(Reason.SIGNATURE_INVALID, "Signature does not match a configured key");
        }
    }

    private static byte[] decode(String value) {
        try {
            if (value.length() == 64 && value.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return HexFormat.of().parseHex(value);
            }
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
