package dev.esim.catalog.outbox;

import dev.esim.events.Topic;
import dev.esim.events.Topics;
import dev.esim.events.avro.ActivationEmailResendRequested;
import dev.esim.events.avro.CatalogPlan;
import dev.esim.events.avro.EncryptedPayload;
import dev.esim.events.avro.LineCancellationRequested;
import dev.esim.events.avro.Money;
import dev.esim.events.avro.OrderEvent;
import dev.esim.events.avro.OrderExpired;
import dev.esim.events.avro.OrderItem;
import dev.esim.events.avro.OrderKind;
import dev.esim.events.avro.OrderPlaced;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Outbox events → the contract's Avro records, each as the record the relay sends: its topic, its key. */
final class AvroOutboxEvents {

    private AvroOutboxEvents() {
    }

    static ProducerRecord<Object, Object> record(OutboxEvent event) {
        if (event instanceof OutboxEvent.OrderPlaced e) {
            OrderPlaced placed = OrderPlaced.newBuilder()
                    .setKind(OrderKind.valueOf(e.kind()))
                    .setItems(e.items().stream().map(i -> OrderItem.newBuilder()
                            .setSku(i.sku())
                            .setPlanName(i.planName())
                            .setQuantity(i.quantity())
                            .setUnitPrice(money(i.unitPriceMinor(), e.currency()))
                            .setCoverage(i.coverage())
                            .setDataAllowanceMb(i.dataAllowanceMb())
                            .setValidityDays(i.validityDays())
                            .setTermsUrl(i.termsUrl())
                            .build()).toList())
                    .setTotal(money(e.totalMinor(), e.currency()))
                    .setCustomerEmail(encrypted(e.customerEmail()))
                    .setCustomerCountry(e.customerCountry())
                    .setTopupIccid(e.topupIccid())
                    .setCheckoutSessionId(e.checkoutSessionId())
                    .setExpiresAt(Instant.ofEpochMilli(e.expiresAt()))
                    .build();
            return outgoing(Topics.ORDERS, e.orderId(), orderEvent(e.eventId(), e.occurredAt(), e.orderId(),
                    e.causationId(), placed));
        }
        if (event instanceof OutboxEvent.OrderExpired e) {
            return outgoing(Topics.ORDERS, e.orderId(), orderEvent(e.eventId(), e.occurredAt(), e.orderId(),
                    e.causationId(), OrderExpired.newBuilder().setReason(e.reason()).build()));
        }
        if (event instanceof OutboxEvent.ActivationEmailResendRequested e) {
            return outgoing(Topics.ORDERS, e.orderId(), orderEvent(e.eventId(), e.occurredAt(), e.orderId(),
                    e.causationId(), ActivationEmailResendRequested.newBuilder()
                            .setRequestedBy(e.requestedBy())
                            .setReason(e.reason())
                            .setCustomerEmail(e.customerEmail() == null ? null : encrypted(e.customerEmail()))
                            .build()));
        }
        if (event instanceof OutboxEvent.LineCancellationRequested e) {
            return outgoing(Topics.ORDERS, e.orderId(), orderEvent(e.eventId(), e.occurredAt(), e.orderId(),
                    e.causationId(), LineCancellationRequested.newBuilder()
                            .setIccid(e.iccid())
                            .setRequestedBy(e.requestedBy())
                            .setReason(e.reason())
                            .build()));
        }
        if (event instanceof OutboxEvent.PlanChanged e) {
            return outgoing(Topics.CATALOG_PLANS, e.sku(), CatalogPlan.newBuilder()
                    .setEventId(e.eventId())
                    .setOccurredAt(Instant.ofEpochMilli(e.occurredAt()))
                    .setOrderId(null)
                    .setCausationId(e.causationId())
                    .setSku(e.sku())
                    .setName(e.name())
                    .setRegion(e.region())
                    .setCoverage(e.coverage())
                    .setDataAllowanceMb(e.dataAllowanceMb())
                    .setValidityDays(e.validityDays())
                    .setPrice(money(e.priceMinor(), e.currency()))
                    .setActivationMethod(e.activationMethod())
                    .setAvailable(e.available())
                    .setProvider(e.provider())
                    .build());
        }
        throw new IllegalArgumentException("no mapping for " + event.getClass().getName());
    }

    private static OrderEvent orderEvent(String eventId, long occurredAt, String orderId, String causationId,
                                         Object payload) {
        return OrderEvent.newBuilder()
                .setEventId(eventId)
                .setOccurredAt(Instant.ofEpochMilli(occurredAt))
                .setOrderId(orderId)
                .setCausationId(causationId)
                .setPayload(payload)
                .build();
    }

    private static EncryptedPayload encrypted(OutboxEvent.SealedField field) {
        return EncryptedPayload.newBuilder()
                .setKeyId(field.keyId())
                .setCiphertext(ByteBuffer.wrap(field.ciphertext()))
                .build();
    }

    private static Money money(long minor, String currency) {
        return Money.newBuilder().setAmountMinor(minor).setCurrency(currency).build();
    }

    private static ProducerRecord<Object, Object> outgoing(Topic<?> topic, String key, SpecificRecord value) {
        return new ProducerRecord<>(topic.name(), key, value);
    }
}
