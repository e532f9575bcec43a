package dev.esim.notification.delivery;

/**
 * An event about an order whose {@code OrderPlaced} we have not read yet. Orders are published at checkout, long
 * before payment, so this is a race between two topics: retry (bounded), then dead-letter.
 */
class OrderNotYetKnownException extends RuntimeException {

    public OrderNotYetKnownException(String orderId) {
        super("Order " + orderId + " is not known yet");
    }
}
