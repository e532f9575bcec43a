package dev.esim.provisioning.stream;

import dev.esim.events.avro.ActivationEvent;
import dev.esim.events.avro.ActivationReady;
import dev.esim.events.avro.LineCancelled;
import dev.esim.events.avro.Money;
import dev.esim.events.avro.ProviderBalanceLow;
import dev.esim.events.avro.ProvisioningDelayed;
import dev.esim.events.avro.ProvisioningFailed;
import dev.esim.events.avro.TopUpApplied;
import dev.esim.events.crypto.FieldCipher;
import dev.esim.provisioning.order.Outcome;
import java.math.RoundingMode;
import java.util.Currency;

/** Maps outcomes to {@code ActivationEvent}s; the LPA is encrypted here, with the new event's id as associated data. */
final class OutboundMapper {

    private final FieldCipher activationCipher;

    OutboundMapper(FieldCipher activationCipher) {
        this.activationCipher = activationCipher;
    }

    ActivationEvent toAvro(Outcome outcome) {
        return ActivationEvent.newBuilder()
                .setEventId(outcome.eventId())
                .setOccurredAt(outcome.occurredAt())
                .setOrderId(outcome.orderId())
                .setCausationId(outcome.causationId())
                .setPayload(payload(outcome))
                .build();
    }

    private Object payload(Outcome outcome) {
        Outcome.Body body = outcome.body();
        if (body instanceof Outcome.ActivationReady a) {
            return ActivationReady.newBuilder()
                    .setProvider(a.provider())
                    .setIccid(a.iccid())
                    .setLpa(activationCipher.encrypt(a.lpa(), outcome.eventId()))
                    .setSku(a.plan().sku())
                    .setPlanName(a.plan().planName())
                    .setCoverage(a.plan().coverage())
                    .setDataAllowanceMb(a.plan().dataAllowanceMb())
                    .setValidityDays(a.plan().validityDays())
                    .setValidFrom(a.validFrom())
                    .setValidUntil(a.validUntil())
                    .build();
        }
        if (body instanceof Outcome.ProvisioningFailed f) {
            return ProvisioningFailed.newBuilder()
                    .setReasonCode(f.reasonCode())
                    .setProvider(f.provider())
                    .setDetail(f.detail())
                    .build();
        }
        if (body instanceof Outcome.ProvisioningDelayed d) {
            return ProvisioningDelayed.newBuilder()
                    .setReasonCode(d.reasonCode())
                    .setProvider(d.provider())
                    .setDetail(d.detail())
                    .setRetryUntil(d.retryUntil())
                    .build();
        }
        if (body instanceof Outcome.TopUpApplied t) {
            return TopUpApplied.newBuilder()
                    .setProvider(t.provider())
                    .setIccid(t.iccid())
                    .setSku(t.sku())
                    .setDataAddedMb(t.dataAddedMb())
                    .setValidUntil(t.validUntil())
                    .build();
        }
        if (body instanceof Outcome.LineCancelled c) {
            return LineCancelled.newBuilder()
                    .setProvider(c.provider())
                    .setIccid(c.iccid())
                    .setProviderRefunded(c.providerRefunded())
                    .build();
        }
        if (body instanceof Outcome.ProviderBalanceLow b) {
            return ProviderBalanceLow.newBuilder()
                    .setProvider(b.provider())
                    .setBalance(money(b.balance()))
                    .setThreshold(money(b.threshold()))
                    .build();
        }
        throw new IllegalArgumentException("no Avro mapping for " + body.getClass().getName());
    }

    /** Providers report decimal amounts; events carry minor units (cents), as gateways count them. */
    static Money money(dev.esim.provider.Money amount) {
        int digits = Currency.getInstance(amount.currency()).getDefaultFractionDigits();
        long minor = amount.amount().movePointRight(Math.max(digits, 0)).setScale(0, RoundingMode.HALF_UP)
                .longValueExact();
        return Money.newBuilder().setAmountMinor(minor).setCurrency(amount.currency()).build();
    }
}
