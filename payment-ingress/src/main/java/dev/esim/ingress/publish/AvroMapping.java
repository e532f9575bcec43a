package dev.esim.ingress.publish;

import dev.esim.events.avro.DisputeOutcome;
import dev.esim.events.avro.EncryptedPayload;
import dev.esim.events.avro.LineAlertKind;
import dev.esim.events.avro.Money;
import dev.esim.events.avro.PaymentDisputed;
import dev.esim.events.avro.PaymentEvent;
import dev.esim.events.avro.PaymentFailed;
import dev.esim.events.avro.PaymentSucceeded;
import dev.esim.events.avro.ProviderActivationReady;
import dev.esim.events.avro.ProviderEvent;
import dev.esim.events.avro.ProviderLineAlert;
import dev.esim.events.avro.ProviderOrderFailed;
import dev.esim.events.avro.RefundSucceeded;
import dev.esim.events.crypto.FieldCipher;
import dev.esim.ingress.event.Envelope;
import dev.esim.ingress.event.Fact;
import java.nio.ByteBuffer;

/**
 * Domain facts to the generated Avro envelopes: the only place (with the publisher) that sees {@code events.avro}.
 * Original payloads are encrypted with the PII keyset for gateways and the activation keyset for providers (their
 * callbacks hold activation codes); LPA strings with the activation keyset. Associated data = our event id.
 */
final class AvroMapping {

    private final FieldCipher pii;
    private final FieldCipher activation;

    AvroMapping(FieldCipher pii, FieldCipher activation) {
        this.pii = pii;
        this.activation = activation;
    }

    PaymentEvent payment(Envelope e) {
        Object payload;
        if (e.fact() instanceof Fact.PaymentSucceeded s) {
            payload = PaymentSucceeded.newBuilder().setAmount(money(s.amount()))
                    .setCheckoutSessionId(s.checkoutSessionId()).setPaymentIntentId(s.paymentIntentId()).build();
        } else if (e.fact() instanceof Fact.PaymentFailed f) {
            payload = PaymentFailed.newBuilder().setReason(f.reason())
                    .setCheckoutSessionId(f.checkoutSessionId()).setPaymentIntentId(f.paymentIntentId()).build();
        } else if (e.fact() instanceof Fact.RefundSucceeded r) {
            payload = RefundSucceeded.newBuilder().setRefundId(r.refundId())
                    .setAmount(money(r.amount())).setPaymentIntentId(r.paymentIntentId()).build();
        } else if (e.fact() instanceof Fact.PaymentDisputed d) {
            payload = PaymentDisputed.newBuilder().setDisputeId(d.disputeId())
                    .setOutcome(DisputeOutcome.valueOf(d.outcome().name())).setAmount(money(d.amount()))
                    .setReason(d.reason()).setPaymentIntentId(d.paymentIntentId()).build();
        } else {
            throw new IllegalArgumentException("Not a payment fact: " + e.fact().getClass().getSimpleName());
        }
        return PaymentEvent.newBuilder()
                .setEventId(e.eventId())
                .setOccurredAt(millis(e.occurredAt()))
                .setOrderId(e.orderId())
                .setCausationId(e.sourceEventId())
                .setGateway(e.source())
                .setGatewayEventType(e.sourceEventType())
                .setLivemode(e.livemode())
                .setOriginalPayload(encrypt(pii, e.originalPayload(), e.eventId()))
                .setPayload(payload)
                .build();
    }

    ProviderEvent provider(Envelope e) {
        Object payload;
        if (e.fact() instanceof Fact.ActivationReady a) {
            payload = ProviderActivationReady.newBuilder()
                    .setProviderOrderId(a.providerOrderId())
                    .setIccid(a.iccid())
                    .setLpa(activation.encrypt(a.lpa(), e.eventId()))
                    .setValidFrom(millis(a.validFrom()))
                    .setExpiresAt(millis(a.expiresAt()))
                    .build();
        } else if (e.fact() instanceof Fact.ProviderOrderFailed f) {
            payload = ProviderOrderFailed.newBuilder()
                    .setProviderOrderId(f.providerOrderId()).setReason(f.reason()).build();
        } else if (e.fact() instanceof Fact.LineAlert l) {
            payload = ProviderLineAlert.newBuilder()
                    .setIccid(l.iccid())
                    .setKind(LineAlertKind.valueOf(l.kind().name()))
                    .setUsedMb(l.usedMb())
                    .setRemainingMb(l.remainingMb())
                    .setExpiresAt(millis(l.expiresAt()))
                    .build();
        } else {
            throw new IllegalArgumentException("Not a provider fact: " + e.fact().getClass().getSimpleName());
        }
        return ProviderEvent.newBuilder()
                .setEventId(e.eventId())
                .setOccurredAt(millis(e.occurredAt()))
                .setOrderId(e.orderId())
                .setCausationId(e.sourceEventId())
                .setProvider(e.source())
                .setProviderEventType(e.sourceEventType())
                .setOriginalPayload(encrypt(activation, e.originalPayload(), e.eventId()))
                .setPayload(payload)
                .setReference(e.reference())
                .build();
    }

    private static EncryptedPayload encrypt(FieldCipher cipher, byte[] plaintext, String eventId) {
        return EncryptedPayload.newBuilder()
                .setKeyId(cipher.keyId())
                .setCiphertext(ByteBuffer.wrap(cipher.encryptBytes(plaintext, eventId)))
                .build();
    }

    /** Avro's timestamp-millis: truncate, so what we write is exactly what a reader gets back. */
    private static java.time.Instant millis(java.time.Instant instant) {
        return instant == null ? null : instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    private static Money money(dev.esim.ingress.event.Money money) {
        return Money.newBuilder().setAmountMinor(money.amountMinor()).setCurrency(money.currency()).build();
    }

}
