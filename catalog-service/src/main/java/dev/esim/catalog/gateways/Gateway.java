package dev.esim.catalog.gateways;

import dev.esim.catalog.checkout.CheckoutGateway;
import dev.esim.catalog.orders.SessionExpirer;
import dev.esim.catalog.refunds.RefundGateway;

/**
 * One payment gateway the shop takes money through: it opens hosted payment pages, ends them unpaid, and refunds.
 * Each order remembers the gateway it was opened at ({@code orders.payment_gateway}); {@link GatewayRouter} sends
 * every later call about the order back there.
 */
public interface Gateway extends CheckoutGateway, SessionExpirer, RefundGateway {

    /** The name orders, configuration and {@code PaymentEvent.gateway} use: {@code stripe}, {@code govukpay}. */
    String name();
}
