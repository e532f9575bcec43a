package dev.esim.sandbox.gateway;

import java.util.Map;

/**
 * One event the gateway emitted. {@code payload} is frozen at creation — the bytes signed and posted on every
 * attempt — while delivery state moves on; {@code GET /v1/events} renders {@code pending_webhooks} from it.
 */
final class WebhookEvent {

    private final String id;
    private final String type;
    private final long created;
    private final Map<String, Object> envelope;
    private final String payload;
    private int attempts;
    private Integer lastStatus;
    private boolean delivered;
    private boolean gaveUp;

    WebhookEvent(Map<String, Object> envelope) {
        this.id = (String) envelope.get("id");
        this.type = (String) envelope.get("type");
        this.created = (Long) envelope.get("created");
        this.envelope = envelope;
        this.payload = StripeJson.write(envelope);
    }

    String id() {
        return id;
    }

    String type() {
        return type;
    }

    long created() {
        return created;
    }

    String payload() {
        return payload;
    }

    /** The event as emitted (what the journal keeps; {@link #payload()} is rebuilt from it). */
    Map<String, Object> envelope() {
        return envelope;
    }

    synchronized Map<String, Object> current() {
        Map<String, Object> copy = StripeObjects.obj();
        copy.putAll(envelope);
        copy.put("pending_webhooks", delivered ? 0 : 1);
        return copy;
    }

    synchronized boolean delivered() {
        return delivered;
    }

    synchronized int attempts() {
        return attempts;
    }

    synchronized Integer lastStatus() {
        return lastStatus;
    }

    synchronized boolean gaveUp() {
        return gaveUp;
    }

    synchronized void recordAttempt(Integer status, boolean success) {
        attempts++;
        lastStatus = status;
        delivered = success;
    }

    synchronized void giveUp() {
        gaveUp = true;
    }

    /** The delivery state a journal recorded, for an event read back from it. */
    synchronized void restoreDelivery(int attemptsSoFar, Integer status, boolean success, boolean abandoned) {
        attempts = attemptsSoFar;
        lastStatus = status;
        delivered = success;
        gaveUp = abandoned;
    }
}
