package dev.esim.notification.order;

import java.util.Optional;

/** The orders this service has seen, keyed by order id. */
public interface OrderBook {

    /** Remembers the order; a replayed {@code OrderPlaced} changes nothing. */
    void record(CustomerOrder order);

    Optional<CustomerOrder> find(String orderId);
}
