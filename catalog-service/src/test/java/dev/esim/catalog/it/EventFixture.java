package dev.esim.catalog.it;

import dev.esim.events.EventIds;
import dev.esim.events.avro.ActivationEvent;
import dev.esim.events.avro.ActivationReady;
import dev.esim.events.avro.DisputeOutcome;
import dev.esim.events.avro.EncryptedPayload;
import dev.esim.events.avro.LineCancelled;
import dev.esim.events.avro.Money;
import dev.esim.events.avro.PaymentDisputed;
import dev.esim.events.avro.PaymentEvent;
import dev.esim.events.avro.PaymentSucceeded;
import dev.esim.events.avro.ProviderActivationReady;
import dev.esim.events.avro.ProviderEvent;
import dev.esim.events.avro.ProvisioningFailed;
import dev.esim.events.avro.RefundSucceeded;
import dev.esim.events.avro.TopUpApplied;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

/** Events as payment-ingress and the provisioning worker publish them, for one order. */
final class EventFixture {

    private static final EncryptedPayload OPAQUE = EncryptedPayload.newBuilder().setKeyId("pii/sandbox")
            .setCiphertext(ByteBuffer.wrap(new byte[] {1, 2, 3})).build();

    private final String orderId;

    EventFixture(String orderId) {
        this.orderId = orderId;
    }

    PaymentEvent paymentSucceeded(String paymentIntentId, long amountMinor) {
        return payment("evt_paid_" + orderId, "checkout.session.completed", PaymentSucceeded.newBuilder()
                .setAmount(money(amountMinor)).setCheckoutSessionId(null).setPaymentIntentId(paymentIntentId)
                .build());
    }

    PaymentEvent refundSucceeded(String refundId, long amountMinor) {
        return refundSucceeded(refundId, amountMinor, null);
    }

    PaymentEvent refundSucceeded(String refundId, long amountMinor, String paymentIntentId) {
        return payment("evt_" + refundId + "_" + orderId, "refund.updated", RefundSucceeded.newBuilder()
                .setRefundId(refundId)
                .setAmount(money(amountMinor)).setPaymentIntentId(paymentIntentId).build());
    }

    /** A chargeback of {@code amountMinor}, opened, won or lost. */
    PaymentEvent disputed(String disputeId, DisputeOutcome outcome, long amountMinor, String paymentIntentId) {
        return payment("evt_" + disputeId + "_" + outcome + "_" + orderId, outcome == DisputeOutcome.OPENED
                ? "charge.dispute.created" : "charge.dispute.closed", PaymentDisputed.newBuilder()
                .setDisputeId(disputeId).setOutcome(outcome).setReason("fraudulent").setAmount(money(amountMinor))
                .setPaymentIntentId(paymentIntentId).build());
    }

    /** A payment naming the order in a checkout session of someone else's, of any amount. */
    PaymentEvent foreignPayment(String gatewayEventId, String paymentIntentId, long amountMinor) {
        return payment(gatewayEventId, "checkout.session.completed", PaymentSucceeded.newBuilder()
                .setAmount(money(amountMinor)).setCheckoutSessionId("cs_test_someone_else")
                .setPaymentIntentId(paymentIntentId).build());
    }

    ActivationEvent provisioningFailed(String reasonCode) {
        return ActivationEvent.newBuilder()
                .setEventId(EventIds.derive("test-failed", orderId, reasonCode))
                .setOccurredAt(Instant.now())
                .setOrderId(orderId)
                .setCausationId("test")
                .setPayload(ProvisioningFailed.newBuilder().setReasonCode(reasonCode).setProvider("simology")
                        .setDetail("test").build())
                .build();
    }

    ActivationEvent activationReady(String iccid) {
        return activationReady(iccid, "simology");
    }

    /** The line as {@code provider} issued it (the worker's failover names another one than the primary). */
    ActivationEvent activationReady(String iccid, String provider) {
        return activationReady(iccid, provider, "US-5GB-30D");
    }

    /** The line as {@code provider} issued it on plan {@code sku}. */
    ActivationEvent activationReady(String iccid, String provider, String sku) {
        return ActivationEvent.newBuilder()
                .setEventId(EventIds.derive("test-activation", orderId, iccid))
                .setOccurredAt(Instant.now())
                .setOrderId(orderId)
                .setCausationId("test")
                .setPayload(ActivationReady.newBuilder().setProvider(provider).setIccid(iccid)
                        .setLpa(OPAQUE).setSku(sku).setPlanName("United States 5 GB / 30 days")
                        .setCoverage(List.of("US")).setDataAllowanceMb(5120).setValidityDays(30)
                        .setValidFrom(null).setValidUntil(null).build())
                .build();
    }

    /** The worker cancelled the line at its provider. */
    ActivationEvent lineCancelled(String iccid) {
        return ActivationEvent.newBuilder()
                .setEventId(EventIds.derive("test-cancelled", orderId, iccid))
                .setOccurredAt(Instant.now())
                .setOrderId(orderId)
                .setCausationId("test")
                .setPayload(LineCancelled.newBuilder().setProvider("simology").setIccid(iccid)
                        .setProviderRefunded(true).build())
                .build();
    }

    ActivationEvent topUpApplied(String iccid) {
        return ActivationEvent.newBuilder()
                .setEventId(EventIds.derive("test-top-up", orderId, iccid))
                .setOccurredAt(Instant.now())
                .setOrderId(orderId)
                .setCausationId("test")
                .setPayload(TopUpApplied.newBuilder().setProvider("simology").setIccid(iccid).setSku("US-1GB-7D")
                        .setDataAddedMb(1024).setValidUntil(null).build())
                .build();
    }

    ProviderEvent providerActivationReady(String iccid) {
        return ProviderEvent.newBuilder()
                .setEventId(EventIds.derive("test-provider", orderId, iccid))
                .setOccurredAt(Instant.now())
                .setOrderId(orderId)
                .setCausationId("evt_provider")
                .setProvider("simology")
                .setProviderEventType("activation.ready")
                .setOriginalPayload(OPAQUE)
                .setPayload(ProviderActivationReady.newBuilder().setProviderOrderId("ord_provider").setIccid(iccid)
                        .setLpa(OPAQUE).setValidFrom(null).setExpiresAt(null).build())
                .build();
    }

    private PaymentEvent payment(String gatewayEventId, String type, Object payload) {
        return PaymentEvent.newBuilder()
                .setEventId(EventIds.derive("stripe", gatewayEventId))
                .setOccurredAt(Instant.now())
                .setOrderId(orderId)
                .setCausationId(gatewayEventId)
                .setGateway("stripe")
                .setGatewayEventType(type)
                .setLivemode(false)
                .setOriginalPayload(OPAQUE)
                .setPayload(payload)
                .build();
    }

    private static Money money(long minor) {
        return Money.newBuilder().setAmountMinor(minor).setCurrency("USD").build();
    }
}
