package dev.esim.ops;

import dev.esim.events.EventIds;
import dev.esim.events.crypto.FieldCipher;
import dev.esim.events.crypto.Keysets;
import dev.esim.events.avro.ActivationEvent;
import dev.esim.events.avro.ActivationReady;
import dev.esim.events.avro.LineCancellationRequested;
import dev.esim.events.avro.Money;
import dev.esim.events.avro.OrderEvent;
import dev.esim.events.avro.OrderItem;
import dev.esim.events.avro.OrderKind;
import dev.esim.events.avro.OrderPlaced;
import dev.esim.events.avro.PaymentEvent;
import dev.esim.events.avro.PaymentFailed;
import dev.esim.events.avro.PaymentSucceeded;
import dev.esim.events.serde.ConfluentAvroSerializer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * Real events of the contract, with their secret fields really encrypted with the sandbox keysets — so a test that
 * looks for the plaintext in the tool's output would find it if the tool ever decrypted or dumped bytes.
 */
final class EventFixture {

    static final FieldCipher PII = Keysets.sandbox(Keysets.PII);
    static final FieldCipher ACTIVATION = Keysets.sandbox(Keysets.ACTIVATION);

    private EventFixture() {
    }

    static String emailOf(String orderId) {
        return "traveller+" + orderId + "@example.com";
    }

    static String lpaOf(String orderId) {
        return "LPA:1$smdp.example.com$SECRET-CODE-" + orderId;
    }

    static OrderEvent orderPlaced(String orderId, Instant at) {
        String eventId = EventIds.derive("order-placed", orderId);
        Money price = Money.newBuilder().setAmountMinor(1999).setCurrency("USD").build();
        return OrderEvent.newBuilder()
                .setEventId(eventId)
                .setOccurredAt(at)
                .setOrderId(orderId)
                .setCausationId("idem-" + orderId)
                .setPayload(OrderPlaced.newBuilder()
                        .setKind(OrderKind.NEW_LINE)
                        .setItems(List.of(OrderItem.newBuilder()
                                .setSku("EU-5GB-30D").setPlanName("Europe 5 GB").setQuantity(1).setUnitPrice(price)
                                .setCoverage(List.of("FR", "DE")).setDataAllowanceMb(5120).setValidityDays(30).build()))
                        .setTotal(price)
                        .setCustomerEmail(PII.encrypt(emailOf(orderId), eventId))
                        .setCheckoutSessionId("cs_test_" + orderId)
                        .setExpiresAt(at.plus(Duration.ofMinutes(30)))
                        .build())
                .build();
    }

    /** Support's request, from catalog-service's console, to cancel one line of the order. */
    static OrderEvent lineCancellationRequested(String orderId, String iccid, Instant at) {
        return OrderEvent.newBuilder()
                .setEventId(EventIds.derive("cancel-line", orderId + "/" + iccid))
                .setOccurredAt(at)
                .setOrderId(orderId)
                .setCausationId("console-" + orderId)
                .setPayload(LineCancellationRequested.newBuilder().setIccid(iccid).setRequestedBy("alice")
                        .setReason("TICKET-42").build())
                .build();
    }

    static PaymentEvent paymentSucceeded(String orderId, Instant at) {
        String eventId = EventIds.derive("stripe", "evt_ok_" + orderId);
        return PaymentEvent.newBuilder()
                .setEventId(eventId)
                .setOccurredAt(at)
                .setOrderId(orderId)
                .setCausationId("evt_ok_" + orderId)
                .setGateway("stripe")
                .setGatewayEventType("checkout.session.completed")
                .setOriginalPayload(PII.encrypt("{\"customer_email\":\"" + emailOf(orderId) + "\"}", eventId))
                .setPayload(PaymentSucceeded.newBuilder()
                        .setAmount(Money.newBuilder().setAmountMinor(1999).setCurrency("USD").build())
                        .setCheckoutSessionId("cs_test_" + orderId)
                        .build())
                .build();
    }

    static PaymentEvent paymentFailed(String orderId, Instant at) {
        String eventId = EventIds.derive("stripe", "evt_ko_" + orderId);
        return PaymentEvent.newBuilder()
                .setEventId(eventId)
                .setOccurredAt(at)
                .setOrderId(orderId)
                .setCausationId("evt_ko_" + orderId)
                .setGateway("stripe")
                .setGatewayEventType("checkout.session.async_payment_failed")
                .setOriginalPayload(PII.encrypt("{\"customer_email\":\"" + emailOf(orderId) + "\"}", eventId))
                .setPayload(PaymentFailed.newBuilder().setReason("card_declined").build())
                .build();
    }

    static ActivationEvent activationReady(String orderId, String provider, Instant at) {
        String eventId = EventIds.derive("activation-ready", orderId);
        return ActivationEvent.newBuilder()
                .setEventId(eventId)
                .setOccurredAt(at)
                .setOrderId(orderId)
                .setCausationId(EventIds.derive("stripe", "evt_ok_" + orderId))
                .setPayload(ActivationReady.newBuilder()
                        .setProvider(provider)
                        .setIccid("8944000000000000001")
                        .setLpa(ACTIVATION.encrypt(lpaOf(orderId), eventId))
                        .setSku("EU-5GB-30D")
                        .setPlanName("Europe 5 GB")
                        .setCoverage(List.of("FR", "DE"))
                        .setDataAllowanceMb(5120)
                        .setValidityDays(30)
                        .build())
                .build();
    }

    /** Confluent wire-format bytes, as the services write them. */
    static byte[] serialize(String registryUrl, String topic, SpecificRecord event) {
        try (ConfluentAvroSerializer serializer = new ConfluentAvroSerializer()) {
            serializer.configure(Map.of("schema.registry.url", registryUrl), false);
            return serializer.serialize(topic, event);
        }
    }
}
