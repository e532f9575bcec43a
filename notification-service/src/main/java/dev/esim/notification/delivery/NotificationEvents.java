package dev.esim.notification.delivery;

/** Tells the rest of the platform what happened to an e-mail (the messaging adapter writes it to Kafka). */
@FunctionalInterface
public interface NotificationEvents {

    /**
     * Publishes the outcome and returns once it is durably written. Publishing the same outcome twice yields the same
     * event id, so readers dedupe it.
     */
    void publish(Outcome outcome);
}
