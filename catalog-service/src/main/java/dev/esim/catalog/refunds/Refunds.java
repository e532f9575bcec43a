package dev.esim.catalog.refunds;

import dev.esim.catalog.api.ApiException;
import dev.esim.catalog.checkout.CheckoutGateway;
import dev.esim.catalog.lines.LineRefunds;
import dev.esim.catalog.orders.OrderStatus;
import dev.esim.catalog.orders.OrderView;
import dev.esim.catalog.orders.Orders;
import dev.esim.catalog.plans.Price;
import dev.esim.provider.ProviderException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Support asks for a refund: we ask the gateway and record the request. The order's status does <em>not</em> change
 * here — only when the gateway's refund webhook comes back through payment-ingress (RefundSucceeded), as seed 001
 * says: wait for the confirmation before altering entitlements.
 */
public final class Refunds {

    private static final Logger LOG = LoggerFactory.getLogger(Refunds.class);

    /**
     * @param goodwill refund even though the traveller installed the eSIM (they keep the line): support's explicit
     *                 decision, recorded with the refund; without it an installed line makes the refund a 409
     * @param amount   part of the order to give back, in its currency (e.g. {@code 5.00}); null for all of it. Less
     *                 than is left of the payment is a partial refund: the traveller keeps every line
     */
    public record RefundBody(String orderId, String reason, Boolean goodwill, BigDecimal amount) {

        public RefundBody(String orderId, String reason, Boolean goodwill) {
            this(orderId, reason, goodwill, null);
        }

        public boolean isGoodwill() {
            return Boolean.TRUE.equals(goodwill);
        }
    }

    public record Amount(BigDecimal amount, String currency) {
    }

    public record RefundJson(String refundId, String orderId, String status, Amount amount, String orderStatus) {
    }

    private final Orders orders;
    private final RefundGateway gateway;
    private final RefundLedger ledger;
    private final LineRefunds lines;

    Refunds(Orders orders, RefundGateway gateway, RefundLedger ledger, LineRefunds lines) {
        this.orders = orders;
        this.gateway = gateway;
        this.ledger = ledger;
        this.lines = lines;
    }

    /**
     * The money goes back only once the order's eSIMs are cancelled at their provider: refunding first and cancelling
     * later (on the refund's webhook) leaves a window in which the traveller installs the line and keeps both. An
     * installed line cannot be cancelled, so its order is refunded only as a goodwill gesture; so is a top-up whose
     * data was added (it cannot be taken back). A top-up's refund leaves the line alone (it is its original order's).
     */
    private void cancelLinesFirst(OrderView order, RefundBody body) {
        if ("TOP_UP".equals(order.kind()) && order.status() == OrderStatus.ACTIVE && !body.isGoodwill()) {
            // data added to a line cannot be taken back: the money goes back only as a goodwill gesture
            throw new ApiException(409, "top_up_applied", "The top-up of order " + order.orderId() + " has been"
                    + " added to the line and cannot be taken back; refund it as a goodwill gesture with"
                    + " \"goodwill\": true.");
        }
        if (!"NEW_LINE".equals(order.kind()) || order.iccids().isEmpty()) {
            return;
        }
        try {
            List<String> installed = lines.installed(order.iccids());
            if (!installed.isEmpty() && !body.isGoodwill()) {
                throw new ApiException(409, "line_installed", "The eSIM of order " + order.orderId()
                        + " is installed on a device and cannot be cancelled; refund it as a goodwill gesture with"
                        + " \"goodwill\": true, and the traveller keeps the line.");
            }
            for (String iccid : order.iccids()) {
                if (!installed.contains(iccid) && !lines.cancel(order.orderId(), iccid)) {
                    // installed in the instant between the look and the cancel: the refund goes on as goodwill
                    LOG.warn("order={} iccid={} outcome=installed_while_refunding: refunded, line kept",
                            order.orderId(), iccid);
                }
            }
        } catch (ProviderException e) {
            LOG.warn("Refund of order {} waits for the provider: {}", order.orderId(), e.getMessage());
            throw ApiException.unavailable("The eSIM provider is not reachable right now, so the line cannot be"
                    + " cancelled; retry with the same Idempotency-Key.");
        }
    }

    /** Asks the order's gateway for the refund and records it in the ledger; the gateway's refusals as 409/503. */
    private RefundGateway.Refund request(OrderView order, String reason, String key, Long part,
                                         Set<String> recordedRefundIds, String recorded, String operator) {
        RefundGateway.Refund refund;
        try {
            refund = gateway.refund(new RefundGateway.RefundRequest(order.paymentGateway(), order.orderId(),
                    order.paymentIntentId(), order.checkoutSessionId(), reason, key, part, recordedRefundIds));
        } catch (RefundGateway.RefundRefusedException e) {
            throw ApiException.conflict("The gateway refused the refund: " + e.getMessage());
        } catch (CheckoutGateway.GatewayUnavailableException e) {
            LOG.warn("Refund of order {} could not be requested now: {}", order.orderId(), e.getMessage());
            throw ApiException.unavailable("The payment gateway is not reachable right now; retry with the same"
                    + " Idempotency-Key.");
        }
        ledger.requested(order.orderId(), refund, recorded, operator);
        return refund;
    }

    /**
     * The amount of a partial refund in minor units, or null when the refund gives back all that is left of the
     * payment (no amount, or exactly what is left): only that refunds the order, with its lines cancelled first.
     */
    private Long partOf(OrderView order, BigDecimal amount) {
        if (amount == null) {
            return null;
        }
        long minor;
        try {
            minor = Price.ofDecimal(amount, order.currency()).amountMinor();
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw ApiException.validation("amount must be a positive amount in " + order.currency() + ", with at"
                    + " most its minor unit's decimals.");
        }
        if (minor < 1) {
            throw ApiException.validation("amount must be a positive amount in " + order.currency() + ".");
        }
        long left = ledger.leftToRefund(order);
        if (minor > left) {
            Price rest = new Price(Math.max(left, 0), order.currency());
            throw new ApiException(409, "amount_too_large", "Only " + rest.decimal().toPlainString() + " "
                    + rest.currency() + " of order " + order.orderId() + " is left to refund.");
        }
        return minor == left ? null : minor;
    }

    /** @param operator the support operator who asked (recorded with the refund) */
    public RefundJson refund(RefundBody body, String idempotencyKey, String operator) {
        OrderView order = orders.find(body.orderId())
                .orElseThrow(() -> ApiException.notFound("No order " + body.orderId() + "."));
        if (order.status() == OrderStatus.REFUNDED) {
            throw ApiException.conflict("Order " + order.orderId() + " is already refunded.");
        }
        if (!order.status().paymentTaken()) {
            throw ApiException.conflict("Order " + order.orderId() + " has no successful payment to refund (status "
                    + order.status().wireName() + ").");
        }
        Long part = partOf(order, body.amount());
        if (part == null) {
            cancelLinesFirst(order, body);
        }
        String recorded = part != null ? "partial: " + body.reason()
                : body.isGoodwill() ? "goodwill: " + body.reason() : body.reason();
        String key = "catalog-refund-" + order.orderId() + "-" + idempotencyKey;
        RefundGateway.Refund refund = part == null
                ? request(order, body.reason(), key, null, Set.of(), recorded, operator)
                : ledger.partialRefund(order.orderId(), () -> request(order, body.reason(), key, part,
                        ledger.refundIds(order.orderId()), recorded, operator));
        LOG.info("Refund {} requested for order {} by {}", refund.id(), order.orderId(), operator);
        Price amount = new Price(refund.amountMinor(), refund.currency());
        return new RefundJson(refund.id(), order.orderId(), refund.status(),
                new Amount(amount.decimal(), amount.currency()), order.status().wireName());
    }
}
