package dev.esim.notification.order;

import dev.esim.notification.secret.Sealed;

import java.time.Instant;
import java.util.Optional;

/** The orders this service has seen, keyed by order id. */
public interface OrderBook {

    /** Remembers the order; a replayed {@code OrderPlaced} changes nothing. */
    void record(CustomerOrder order);

    /** Support corrected the order's address: later e-mails (and the resends asked with it) go there. */
    void changeAddress(String orderId, Sealed email);

    /** The order, unless unknown or its customer data was {@linkplain #erased erased}. */
    Optional<CustomerOrder> find(String orderId);

    /** Whether the order's customer data was erased (retention): nothing about it is e-mailed any more. */
    boolean erased(String orderId);

    /**
     * Erases the order's customer data now, on request: its address and the activation codes of its e-mails are
     * forgotten, and an order not seen yet is remembered as erased, so that its {@code OrderPlaced} stores nothing.
     * Returns false when it was erased already.
     */
    boolean erase(String orderId, Instant at);

    /** Remembers which order a line was issued for; the first one recorded stays. */
    void recordLine(String iccid, String orderId);

    /** The order a line was issued for, if its activation has been seen. */
    Optional<String> orderOfLine(String iccid);
}
