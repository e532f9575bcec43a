package dev.esim.catalog.refunds;

import dev.esim.catalog.checkout.CheckoutGateway;
import dev.esim.catalog.orders.OrderStatus;
import dev.esim.catalog.orders.OrderView;
import dev.esim.catalog.orders.Orders;
import dev.esim.catalog.plans.Price;
import dev.esim.catalog.web.ApiException;
import java.math.BigDecimal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Support asks for a refund: we ask the gateway and record the request. The order's status does <em>not</em> change
 * here — only when the gateway's refund webhook comes back through payment-ingress (RefundSucceeded), as seed 001
 * says: wait for the confirmation before altering entitlements.
 */
final class Refunds {

    private static final Logger LOG = LoggerFactory.getLogger(Refunds.class);

    record RefundBody(String orderId, String reason) {
    }

    record Amount(BigDecimal amount, String currency) {
    }

    record RefundJson(String refundId, String orderId, String status, Amount amount, String orderStatus) {
    }

    private final Orders orders;
    private final RefundGateway gateway;
    private final RefundLedger ledger;

    Refunds(Orders orders, RefundGateway gateway, RefundLedger ledger) {
        this.orders = orders;
        this.gateway = gateway;
        this.ledger = ledger;
    }

    /** @param operator the support operator who asked (recorded with the refund) */
    RefundJson refund(RefundBody body, String idempotencyKey, String operator) {
        OrderView order = orders.find(body.orderId())
                .orElseThrow(() -> ApiException.notFound("No order " + body.orderId() + "."));
        if (order.status() == OrderStatus.REFUNDED) {
            throw ApiException.conflict("Order " + order.orderId() + " is already refunded.");
        }
        if (!order.status().paymentTaken()) {
            throw ApiException.conflict("Order " + order.orderId() + " has no successful payment to refund (status "
                    + order.status().wireName() + ").");
        }
        RefundGateway.Refund refund;
        try {
            refund = gateway.refund(new RefundGateway.RefundRequest(order.orderId(), order.paymentIntentId(),
                    order.checkoutSessionId(), body.reason(), "catalog-refund-" + order.orderId() + "-"
                    + idempotencyKey));
        } catch (RefundGateway.RefundRefusedException e) {
            throw ApiException.conflict("The gateway refused the refund: " + e.getMessage());
        } catch (CheckoutGateway.GatewayUnavailableException e) {
            LOG.warn("Refund of order {} could not be requested now: {}", order.orderId(), e.getMessage());
            throw ApiException.unavailable("The payment gateway is not reachable right now; retry with the same"
                    + " Idempotency-Key.");
        }
        ledger.requested(order.orderId(), refund, body.reason(), operator);
        LOG.info("Refund {} requested for order {} by {}", refund.id(), order.orderId(), operator);
        Price amount = new Price(refund.amountMinor(), refund.currency());
        return new RefundJson(refund.id(), order.orderId(), refund.status(),
                new Amount(amount.decimal(), amount.currency()), order.status().wireName());
    }
}
