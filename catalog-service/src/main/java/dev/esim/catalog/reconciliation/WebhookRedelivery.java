package dev.esim.catalog.reconciliation;

/** Hands a recovered gateway event to payment-ingress, the one place that normalises gateway events. */
interface WebhookRedelivery {

    enum Outcome {
        /** On esim.payments.v1 now (or again: same event id, consumers dedupe). */
        PUBLISHED,
        /** Verified but not for us (e.g. a session completed unpaid): nothing to publish. */
        IGNORED,
        /** payment-ingress refused it (4xx): our signing secret or the event is wrong; retrying will not help. */
        REFUSED,
        /** payment-ingress unreachable or 5xx: the next run tries again. */
        FAILED;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        boolean accepted() {
            return this == PUBLISHED || this == IGNORED;
        }
    }

    Outcome redeliver(GatewayEvent event);
}
