package dev.esim.events;

import dev.esim.events.avro.ActivationEvent;
import dev.esim.events.avro.CatalogPlan;
import dev.esim.events.avro.NotificationEvent;
import dev.esim.events.avro.OrderEvent;
import dev.esim.events.avro.PaymentEvent;
import dev.esim.events.avro.ProviderEvent;
import dev.esim.events.avro.ProvisioningCheck;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The one list of topics. Every topic carries one envelope record type, so subjects follow Confluent's
 * {@code TopicNameStrategy} ({@code <topic>-value}); the kinds of event on a topic are the branches of the
 * envelope's {@code payload} union. Keys are order ids, so all events of one order are ordered within a partition.
 */
public final class Topics {

    private static final Duration THIRTY_DAYS = Duration.ofDays(30);

    public static final Topic<OrderEvent> ORDERS = new Topic<>(
            "esim.orders.v1", OrderEvent.class, 6, "delete", THIRTY_DAYS,
            "Order placed / expired / cancelled, from catalog-service's outbox.");

    public static final Topic<PaymentEvent> PAYMENTS = new Topic<>(
            "esim.payments.v1", PaymentEvent.class, 6, "delete", THIRTY_DAYS,
            "Verified gateway webhooks: payment succeeded / failed, refund succeeded.");

    public static final Topic<ProviderEvent> PROVIDER_EVENTS = new Topic<>(
            "esim.provider-events.v1", ProviderEvent.class, 6, "delete", THIRTY_DAYS,
            "Verified eSIM-provider callbacks: activation ready, order failed, line alerts.");

    public static final Topic<ActivationEvent> ACTIVATIONS = new Topic<>(
            "esim.activations.v1", ActivationEvent.class, 6, "delete", THIRTY_DAYS,
            "Provisioning outcomes: activation ready, provisioning failed, top-up applied, line cancelled.");

    public static final Topic<NotificationEvent> NOTIFICATIONS = new Topic<>(
            "esim.notifications.v1", NotificationEvent.class, 6, "delete", THIRTY_DAYS,
            "E-mails sent to or failed for travellers.");

    public static final Topic<CatalogPlan> CATALOG_PLANS = new Topic<>(
            "esim.catalog.plans.v1", CatalogPlan.class, 3, "compact", null,
            "Latest state of every plan we sell, keyed by SKU; tombstone = withdrawn.");

    /**
     * Internal to provisioning-worker, not part of the contract (and not in {@link #all()}): the worker's timer. Keyed
     * and partitioned like the worker's inputs, so a check is handled by the thread that owns the order.
     */
    public static final Topic<ProvisioningCheck> PROVISIONING_CHECKS = new Topic<>(
            "esim.provisioning-checks.v1", ProvisioningCheck.class, 6, "delete", Duration.ofDays(7),
            "Claims due to be looked at again: pending provider orders to poll, lines parked on their provider.");

    private static final List<Topic<?>> ALL =
            List.of(ORDERS, PAYMENTS, PROVIDER_EVENTS, ACTIVATIONS, NOTIFICATIONS, CATALOG_PLANS);

    private Topics() {
    }

    /** The contract's topics, which other teams read; internal topics are not among them. */
    public static List<Topic<?>> all() {
        return ALL;
    }

    public static Optional<Topic<?>> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
