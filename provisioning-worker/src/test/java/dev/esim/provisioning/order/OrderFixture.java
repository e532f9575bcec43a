package dev.esim.provisioning.order;

import java.util.List;

/** Builders for input events. */
final class OrderFixture {

    static final PlanSpec US_5GB =
            new PlanSpec("US-5GB-30D", "United States 5 GB / 30 days", List.of("US"), 5120, 30);
    static final PlanSpec US_1GB_TOPUP =
            new PlanSpec("US-1GB-7D", "United States 1 GB / 7 days", List.of("US"), 1024, 7);

    private OrderFixture() {
    }

    static Inbound.OrderPlaced newLine(String orderId) {
        return newLine(orderId, US_5GB, 1);
    }

    /** Every fixture order costs this much per unit, in USD, paid in checkout session {@code cs_<order id>}. */
    static final long UNIT_PRICE_MINOR = 1190;

    static Inbound.OrderPlaced newLine(String orderId, PlanSpec plan, int quantity) {
        return new Inbound.OrderPlaced("evt-order-" + orderId,
                new PlacedOrder(orderId, PlacedOrder.Kind.NEW_LINE, List.of(new PlacedOrder.Item(plan, quantity)),
                        null, expected(orderId, quantity)));
    }

    static Inbound.OrderPlaced topUp(String orderId, String iccid) {
        return new Inbound.OrderPlaced("evt-order-" + orderId,
                new PlacedOrder(orderId, PlacedOrder.Kind.TOP_UP, List.of(new PlacedOrder.Item(US_1GB_TOPUP, 1)),
                        iccid, expected(orderId, 1)));
    }

    /** The full price of a one-unit order, paid in the order's own session. */
    static Inbound.PaymentSucceeded paid(String orderId) {
        return paid(orderId, "evt-pay-" + orderId);
    }

    static Inbound.PaymentSucceeded paid(String orderId, String eventId) {
        return paid(orderId, eventId, expected(orderId, 1));
    }

    static Inbound.PaymentSucceeded paid(String orderId, String eventId, Payment payment) {
        return new Inbound.PaymentSucceeded(eventId, orderId, false, payment, "pi_" + eventId);
    }

    static Payment expected(String orderId, int units) {
        return new Payment(UNIT_PRICE_MINOR * units, "USD", "cs_" + orderId);
    }

    /** The whole price of a one-unit order back, in one refund. */
    static Inbound.RefundSucceeded refunded(String orderId) {
        return refunded(orderId, "re_" + orderId, UNIT_PRICE_MINOR);
    }

    static Inbound.RefundSucceeded refunded(String orderId, String refundId, long amountMinor) {
        return new Inbound.RefundSucceeded("evt-" + refundId, orderId, refundId, amountMinor, "USD",
                "pi_evt-pay-" + orderId);
    }

    /** Support's request to cancel the order's line {@code iccid}, as the console publishes it. */
    static Inbound.LineCancellationRequested cancelLine(String orderId, String iccid) {
        return new Inbound.LineCancellationRequested("evt-cancel-" + iccid, orderId, iccid, "agent.smith",
                "traveller no longer needs it");
    }
}
