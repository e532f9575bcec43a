package dev.esim.notification.delivery;

/** Tells the rest of the platform what happened to an e-mail ({@link KafkaNotificationEvents} writes it to Kafka). */
@FunctionalInterface
interface NotificationEvents {

    /**
     * Publishes the outcome and returns once it is durably written. Publishing the same outcome twice yields the same
     * event id, so readers dedupe it.
     */
    void publish(Outcome outcome);
}
