package dev.esim.catalog.gateways;

import dev.esim.catalog.checkout.CheckoutGateway;
import dev.esim.catalog.orders.SessionExpirer;
import dev.esim.catalog.refunds.RefundGateway;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The payment gateways this deployment has, by name: checkout, expiry and refunds talk to this one object, and it
 * hands each call to the gateway the request names (the one the order was opened at).
 */
public final class GatewayRouter implements CheckoutGateway, SessionExpirer, RefundGateway {

    private final Map<String, Gateway> byName = new LinkedHashMap<>();

    public GatewayRouter(List<? extends Gateway> gateways) {
        for (Gateway g : gateways) {
            if (byName.putIfAbsent(g.name(), g) != null) {
                throw new IllegalStateException("two payment gateways are named " + g.name());
            }
        }
    }

    @Override
    public Session createSession(SessionRequest request) {
        return gateway(request.gateway()).createSession(request);
    }

    @Override
    public boolean takes(String gateway, String currency) {
        Gateway g = byName.get(gateway);
        return g != null && g.takes(gateway, currency);
    }

    @Override
    public Outcome expire(String gateway, String checkoutSessionId) {
        return gateway(gateway).expire(gateway, checkoutSessionId);
    }

    @Override
    public Refund refund(RefundRequest request) {
        return gateway(request.gateway()).refund(request);
    }

    private Gateway gateway(String name) {
        Gateway g = byName.get(name);
        if (g == null) {
            // an order of a gateway this deployment no longer configures: a fault to fix in configuration
            throw new GatewayUnavailableException("payment gateway " + name + " is not configured here", null);
        }
        return g;
    }
}
