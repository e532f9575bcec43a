package dev.esim.notification.delivery;

import java.util.List;

/** Tells the rest of the platform what happened to an e-mail ({@link KafkaNotificationEvents} writes it to Kafka). */
@FunctionalInterface
interface NotificationEvents {

    /**
     * Publishes the outcomes, in order, and returns how many of them from the first are durably written: all, or those
     * before the first that could not be. Publishing the same outcome twice yields the same event id, so readers
     * dedupe it.
     */
    int publish(List<Outcome> outcomes);
}
