package dev.esim.catalog.messaging;

import dev.esim.catalog.orders.Orders;
import dev.esim.catalog.plans.CatalogSync;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Projects the order status from the payments, activations and provider-events topics ({@code read_committed}).
 * Each event is one fact, deduplicated by event id in the database, so redeliveries and replays are harmless and
 * the order of arrival does not matter (see {@code OrderProjection}). An out-of-stock failure also asks for a
 * catalogue refresh, so we stop selling what the provider no longer has.
 */
final class OrderStatusListener {

    private final Orders orders;
    private final CatalogSync catalogSync;

    OrderStatusListener(Orders orders, CatalogSync catalogSync) {
        this.orders = orders;
        this.catalogSync = catalogSync;
    }

    // the group is spring.kafka.consumer.group-id (catalog-service), not the listener id
    @KafkaListener(id = "catalog-order-status", idIsGroup = false, topics = {"esim.payments.v1",
            "esim.activations.v1", "esim.provider-events.v1"})
    void onEvent(ConsumerRecord<String, Object> record) {
        Object value = record.value();
        AvroMapping.fact(value).ifPresent(orders::apply);
        if (AvroMapping.signalsOutOfStock(value)) {
            catalogSync.requestRefresh();
        }
    }
}
