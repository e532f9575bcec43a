package dev.esim.ingress.provider;

import dev.esim.events.EventIds;
import dev.esim.ingress.event.Envelope;
import dev.esim.ingress.event.Fact;
import dev.esim.ingress.event.Normalised;
import dev.esim.ingress.event.WebhookRejected;
import dev.esim.ingress.event.WebhookRejected.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * The Simology scheme (seed 001, docs/provider-api.md): {@code Simology-Signature: t=<unix s>,v1=<hex>[,v1=<hex>…]}
 * where {@code v1 = hex(HMAC-SHA256(secret, t + "." + rawBody))}; any {@code v1} matching any configured secret
 * verifies; the timestamp may be off by at most the tolerance in either direction (5 minutes).
 */
final class SimologyReceiver implements ProviderWebhooks.Receiver {

    static final String SIGNATURE_HEADER = "Simology-Signature";

    private final ProviderEndpoint endpoint;
    private final Clock clock;

    SimologyReceiver(ProviderEndpoint endpoint, Clock clock) {
        this.endpoint = endpoint;
        this.clock = clock;
    }

    @Override
    public Normalised receive(byte[] body, Function<String, String> headers) {
        verify(body, headers.apply(SIGNATURE_HEADER));
        JsonNode event = Json.parseObject(body);
        String id = Json.text(event, "id");
        String type = Json.text(event, "type");
        Instant created = Json.instant(event, "created");
        return switch (type) {
            case "activation.ready" -> {
                JsonNode data = Json.object(event, "data");
                JsonNode line = Json.object(data, "line");
                String lpa = Json.text(line, "smdp_plus");
                if (!lpa.startsWith("LPA:1$")) {
                    throw Json.invalid("Field smdp_plus must be an LPA string");
                }
                yield publish(body, id, type, created, Json.text(data, "reference"), new Fact.ActivationReady(
                        Json.text(data, "order_id"), Json.text(line, "iccid"), lpa,
                        Json.optionalInstant(line, "valid_from"), Json.optionalInstant(line, "expires_at")));
            }
            case "order.failed" -> {
                JsonNode data = Json.object(event, "data");
                String reason = Json.optionalText(data, "reason");
                yield publish(body, id, type, created, Json.text(data, "reference"), new Fact.ProviderOrderFailed(
                        Json.text(data, "order_id"), reason == null ? "unknown" : reason));
            }
            case "line.usage_threshold" -> {
                JsonNode data = Json.object(event, "data");
                yield publish(body, id, type, created, Json.text(data, "reference"), new Fact.LineAlert(
                        Json.text(data, "iccid"), Fact.AlertKind.USAGE_THRESHOLD,
                        Json.wholeNumber(data, "used_mb"), Json.wholeNumber(data, "remaining_mb"), null));
            }
            case "line.expiring" -> {
                JsonNode data = Json.object(event, "data");
                yield publish(body, id, type, created, Json.text(data, "reference"), new Fact.LineAlert(
                        Json.text(data, "iccid"), Fact.AlertKind.EXPIRING, null, null,
                        Json.instant(data, "expires_at")));
            }
            // checkout.completed, order.paid …: Simology's own checkout, which we do not use (Stripe is our gateway)
            default -> new Normalised.Ignore(endpoint.name(), type, "event_type_not_handled");
        };
    }

    /** Keyed by the order the reference belongs to, so callbacks for every line of an order share its partition. */
    private Normalised publish(byte[] body, String id, String type, Instant created, String reference, Fact fact) {
        String orderId = Envelope.orderIdOf(reference);
        return new Normalised.Publish(new Envelope(EventIds.derive(endpoint.name(), id), created, orderId, id,
                endpoint.name(), type, false, body, fact, orderId, reference));
    }

    private void verify(byte[] body, String header) {
        if (header == null || header.isBlank()) {
            throw new WebhookRejected(Reason.SIGNATURE_INVALID, "Missing " + SIGNATURE_HEADER + " header");
        }
        String timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String element : header.split(",")) {
            int eq = element.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = element.substring(0, eq).trim();
            String value = element.substring(eq + 1).trim();
            if (key.equals("t")) {
                timestamp = value;
            } else if (key.equals("v1")) {
                try {
                    signatures.add(HexFormat.of().parseHex(value.toLowerCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    // not hex: cannot match, ignore like an unknown scheme
                }
            }
        }
        long t;
        try {
            t = Long.parseLong(timestamp == null ? "" : timestamp);
        } catch (NumberFormatException e) {
            throw new WebhookRejected(Reason.SIGNATURE_INVALID, "Signature header has no valid timestamp");
        }
        if (signatures.isEmpty()) {
            throw new WebhookRejected(Reason.SIGNATURE_INVALID, "Signature header has no v1 signature");
        }
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
        boolean matched = false;
        for (String secret : endpoint.secrets()) {
            byte[] expected = Hmac.sha256(secret, prefix, body);
            for (byte[] signature : signatures) {
                matched |= Hmac.equal(expected, signature);
            }
        }
        if (!matched) {
            throw new WebhookRejected(Reason.SIGNATURE_INVALID, "No signature matches a configured secret");
        }
        long now = clock.instant().getEpochSecond();
        long tolerance = endpoint.tolerance().toSeconds();
        if (t < now - tolerance || t > now + tolerance) {
            throw new WebhookRejected(Reason.TIMESTAMP_OUT_OF_TOLERANCE,
                    "Signature timestamp is more than " + endpoint.tolerance().toSeconds() + " s away from now");
        }
    }
}
