package dev.esim.sandbox.govukpay;

import java.time.Instant;

/**
 * One webhook message the stand-in sent (or tried to). Its body is frozen when the event happens — the bytes signed and
 * posted on every attempt, as GOV.UK Pay re-sends the same message — while its delivery state moves on.
 */
final class WebhookMessage {

    enum Delivery { PENDING, DELIVERED, GAVE_UP, DROPPED }

    /** What the journal keeps of a message; the body is kept as sent, byte for byte. */
    record Sent(String id, String eventType, String resourceType, String resourceId, Instant createdDate,
            String body) {
    }

    /** What the journal keeps of its delivery. */
    record Progress(int attempts, Integer lastStatus, Delivery delivery) {
    }

    private final Sent sent;
    private int attempts;
    private Integer lastStatus;
    private Delivery delivery = Delivery.PENDING;

    WebhookMessage(Sent sent) {
        this.sent = sent;
    }

    Sent sent() {
        return sent;
    }

    String id() {
        return sent.id();
    }

    String eventType() {
        return sent.eventType();
    }

    String body() {
        return sent.body();
    }

    synchronized Progress progress() {
        return new Progress(attempts, lastStatus, delivery);
    }

    synchronized void recordAttempt(Integer status, boolean success) {
        attempts++;
        lastStatus = status;
        if (success) {
            delivery = Delivery.DELIVERED;
        }
    }

    synchronized void giveUp() {
        delivery = Delivery.GAVE_UP;
    }

    synchronized void drop() {
        delivery = Delivery.DROPPED;
    }

    synchronized void restore(Progress progress) {
        attempts = progress.attempts();
        lastStatus = progress.lastStatus();
        delivery = progress.delivery();
    }
}
