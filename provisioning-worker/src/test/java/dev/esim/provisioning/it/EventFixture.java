package dev.esim.provisioning.it;

import dev.esim.events.EventIds;
import dev.esim.events.avro.CustomerDataErasureRequested;
import dev.esim.events.avro.DisputeOutcome;
import dev.esim.events.avro.EncryptedPayload;
import dev.esim.events.avro.LineCancellationRequested;
import dev.esim.events.avro.Money;
import dev.esim.events.avro.OrderEvent;
import dev.esim.events.avro.OrderItem;
import dev.esim.events.avro.OrderKind;
import dev.esim.events.avro.OrderPlaced;
import dev.esim.events.avro.PaymentDisputed;
import dev.esim.events.avro.PaymentEvent;
import dev.esim.events.avro.PaymentFailed;
import dev.esim.events.avro.PaymentSucceeded;
import dev.esim.events.avro.ProviderActivationReady;
import dev.esim.events.avro.ProviderEvent;
import dev.esim.events.avro.RefundSucceeded;
import dev.esim.events.crypto.FieldCipher;
import dev.esim.events.crypto.Keysets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The input events as catalog-service and payment-ingress write them (Avro envelopes, encrypted fields), for the plan
 * {@code US-5GB-30D} of the provider simulator.
 */
final class EventFixture {

    static final FieldCipher PII = Keysets.sandbox(Keysets.PII);
    static final FieldCipher ACTIVATION = Keysets.sandbox(Keysets.ACTIVATION);
    static final String SKU = "US-5GB-30D";

    private EventFixture() {
    }

    static OrderEvent orderPlaced(String orderId) {
        return orderPlaced(orderId, 1);
    }

    /** {@code units} lines of the plan at 1190 USD minor units each. */
    static OrderEvent orderPlaced(String orderId, int units) {
        return orderPlaced(orderId, OrderKind.NEW_LINE, SKU, units, null);
    }

    static OrderEvent topUpPlaced(String orderId, String iccid) {
        return orderPlaced(orderId, OrderKind.TOP_UP, "US-1GB-7D", 1, iccid);
    }

    private static OrderEvent orderPlaced(String orderId, OrderKind kind, String sku, int units, String topUpIccid) {
        String eventId = EventIds.derive("order", orderId);
        Money price = Money.newBuilder().setAmountMinor(1190).setCurrency("USD").build();
        Money total = Money.newBuilder().setAmountMinor(1190L * units).setCurrency("USD").build();
        OrderItem item = OrderItem.newBuilder().setSku(sku).setPlanName(sku + " plan").setQuantity(units)
                .setUnitPrice(price).setCoverage(List.of("US"))
                .setDataAllowanceMb(sku.equals(SKU) ? 5120 : 1024).setValidityDays(sku.equals(SKU) ? 30 : 7).build();
        return OrderEvent.newBuilder().setEventId(eventId).setOccurredAt(now()).setOrderId(orderId)
                .setCausationId("idem-" + orderId)
                .setPayload(OrderPlaced.newBuilder().setKind(kind).setItems(List.of(item)).setTotal(total)
                        .setCustomerEmail(PII.encrypt("traveller@example.com", eventId))
                        .setTopupIccid(topUpIccid).setCheckoutSessionId("cs_" + orderId)
                        .setExpiresAt(now().plus(Duration.ofMinutes(30))).build())
                .build();
    }

    /** What {@code esim-ops erase} publishes for an order. */
    static OrderEvent erasureRequested(String orderId) {
        return OrderEvent.newBuilder().setEventId(EventIds.derive("erase", orderId)).setOccurredAt(now())
                .setOrderId(orderId).setCausationId("support-ticket-" + orderId)
                .setPayload(CustomerDataErasureRequested.newBuilder().setRequestedBy("support")
                        .setReason("GDPR request").build()).build();
    }

    /** What catalog-service's support console publishes to cancel one line of an order. */
    static OrderEvent lineCancellationRequested(String orderId, String iccid) {
        return OrderEvent.newBuilder().setEventId(EventIds.derive("cancel-line", orderId + "/" + iccid))
                .setOccurredAt(now()).setOrderId(orderId).setCausationId("support-ticket-" + orderId)
                .setPayload(LineCancellationRequested.newBuilder().setIccid(iccid).setRequestedBy("support")
                        .setReason("traveller no longer needs the line").build()).build();
    }

    static PaymentEvent paymentSucceeded(String orderId, String gatewayEventId) {
        return paymentSucceeded(orderId, gatewayEventId, 1190, "USD", "cs_" + orderId);
    }

    /** A payment naming the order, of any amount, currency and checkout session. */
    static PaymentEvent paymentSucceeded(String orderId, String gatewayEventId, long amountMinor, String currency,
                                         String checkoutSessionId) {
        return payment(orderId, gatewayEventId, "checkout.session.completed", PaymentSucceeded.newBuilder()
                .setAmount(Money.newBuilder().setAmountMinor(amountMinor).setCurrency(currency).build())
                .setCheckoutSessionId(checkoutSessionId).build());
    }

    static PaymentEvent paymentFailed(String orderId, String gatewayEventId) {
        return payment(orderId, gatewayEventId, "checkout.session.async_payment_failed",
                PaymentFailed.newBuilder().setReason("card_declined").build());
    }

    static PaymentEvent refundSucceeded(String orderId, String gatewayEventId) {
        return payment(orderId, gatewayEventId, "charge.refunded", RefundSucceeded.newBuilder()
                .setRefundId("re_" + orderId)
                .setAmount(Money.newBuilder().setAmountMinor(1190).setCurrency("USD").build()).build());
    }

    /** A chargeback of the order's whole payment (1190 USD minor units), as payment-ingress publishes it. */
    static PaymentEvent disputed(String orderId, String gatewayEventId, DisputeOutcome outcome) {
        return payment(orderId, gatewayEventId, outcome == DisputeOutcome.OPENED ? "charge.dispute.created"
                : "charge.dispute.closed", PaymentDisputed.newBuilder()
                .setDisputeId("dp_" + orderId).setOutcome(outcome).setReason("fraudulent")
                .setAmount(Money.newBuilder().setAmountMinor(1190).setCurrency("USD").build()).build());
    }

    private static PaymentEvent payment(String orderId, String gatewayEventId, String type, Object payload) {
        String eventId = EventIds.derive("stripe", gatewayEventId);
        return PaymentEvent.newBuilder().setEventId(eventId).setOccurredAt(now()).setOrderId(orderId)
                .setCausationId(gatewayEventId).setGateway("stripe").setGatewayEventType(type).setLivemode(false)
                .setOriginalPayload(PII.encrypt("{\"id\":\"" + gatewayEventId + "\"}", eventId))
                .setPayload(payload).build();
    }

    /** What payment-ingress publishes for a provider's {@code activation.ready} webhook. */
    static ProviderEvent activationReady(String reference, String providerEventId, String providerOrderId,
                                         String iccid, String lpa) {
        String eventId = EventIds.derive("simology", providerEventId);
        EncryptedPayload original = ACTIVATION.encrypt("{\"id\":\"" + providerEventId + "\"}", eventId);
        return ProviderEvent.newBuilder().setEventId(eventId).setOccurredAt(now()).setOrderId(reference)
                .setCausationId(providerEventId).setProvider("simology").setProviderEventType("activation.ready")
                .setOriginalPayload(original)
                .setPayload(ProviderActivationReady.newBuilder().setProviderOrderId(providerOrderId).setIccid(iccid)
                        .setLpa(ACTIVATION.encrypt(lpa, eventId)).build())
                .build();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }
}
