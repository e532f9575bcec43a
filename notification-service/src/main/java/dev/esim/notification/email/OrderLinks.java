package dev.esim.notification.email;

import java.net.URI;
import java.util.function.UnaryOperator;

/** The "check your order" link of an order, as the traveller can open it: the status page plus the order's token. */
@FunctionalInterface
public interface OrderLinks {

    String of(String orderId);

    /** {@code base} + order id + {@code ?token=} + the order's token. */
    static OrderLinks withToken(URI base, UnaryOperator<String> tokenOfOrder) {
        String prefix = base.toString().endsWith("/") ? base.toString() : base + "/";
        return orderId -> prefix + orderId + "?token=" + tokenOfOrder.apply(orderId);
    }
}
