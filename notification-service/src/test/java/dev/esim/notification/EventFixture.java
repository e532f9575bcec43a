package dev.esim.notification;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.esim.events.EventIds;
import dev.esim.events.avro.ActivationEvent;
import dev.esim.events.avro.ActivationReady;
import dev.esim.events.avro.Money;
import dev.esim.events.avro.ActivationEmailResendRequested;
import dev.esim.events.avro.CustomerDataErasureRequested;
import dev.esim.events.avro.OrderEvent;
import dev.esim.events.avro.OrderItem;
import dev.esim.events.avro.OrderKind;
import dev.esim.events.avro.OrderPlaced;
import dev.esim.events.avro.PaymentEvent;
import dev.esim.events.avro.LineAlertKind;
import dev.esim.events.avro.ProviderEvent;
import dev.esim.events.avro.ProviderLineAlert;
import dev.esim.events.avro.ProvisioningFailed;
import dev.esim.events.avro.RefundSucceeded;
import dev.esim.events.crypto.FieldCipher;
import dev.esim.events.crypto.Keysets;

/**
 * Events as catalog-service, provisioning-worker and payment-ingress publish them, encrypted with the sandbox
 * keysets exactly as those services do (associated data = the carrying event's id).
 */
final class EventFixture {

    static final FieldCipher PII = Keysets.sandbox(Keysets.PII);
    static final FieldCipher ACTIVATION = Keysets.sandbox(Keysets.ACTIVATION);
    static final Instant PLACED_AT = Instant.parse("2025-01-10T09:00:00Z");

    /** One traveller's order, with a unique address and activation code so a test can find (and grep for) them. */
    record Journey(String orderId, String email, String smdp, String activationCode) {

        static Journey fresh() {
            String id = UUID.randomUUID().toString().substring(0, 8);
            return new Journey("ord-" + id, "traveller-" + id + "@example.com", "smdp-" + id + ".simology.net",
                    "ACT-" + id.toUpperCase() + "-SECRET");
        }

        String lpa() {
            return "LPA:1$" + smdp + "$" + activationCode;
        }

        /** The journey's own line: 19 digits derived from the order id. */
        String iccid() {
            return "8988307" + String.format("%012d", Math.floorMod(orderId.hashCode(), 1_000_000_000_000L));
        }

        /**
         * A usage alert as payment-ingress publishes a provider's: {@code orderIdOrBlank} empty for providers that
         * name only the ICCID (eSIM Go). Each call is a new provider event.
         */
        ProviderEvent usageAlert(String orderIdOrBlank, long usedMb, long remainingMb) {
            String eventId = UUID.randomUUID().toString();
            return ProviderEvent.newBuilder()
                    .setEventId(eventId)
                    .setOccurredAt(Instant.now())
                    .setOrderId(orderIdOrBlank)
                    .setCausationId("evt_" + UUID.randomUUID())
                    .setProvider("simology")
                    .setProviderEventType("line.usage_threshold")
                    .setOriginalPayload(Keysets.sandbox(Keysets.PII).encrypt("{}", eventId))
                    .setPayload(ProviderLineAlert.newBuilder()
                            .setIccid(iccid())
                            .setKind(LineAlertKind.USAGE_THRESHOLD)
                            .setUsedMb(usedMb)
                            .setRemainingMb(remainingMb)
                            .build())
                    .build();
        }

        String orderEventId() {
            return EventIds.derive(orderId, "OrderPlaced");
        }

        String activationEventId() {
            return EventIds.derive(orderId, "ActivationReady");
        }

        OrderEvent orderPlaced() {
            String eventId = orderEventId();
            OrderItem item = OrderItem.newBuilder()
                    .setSku("EU-5GB-30D")
                    .setPlanName("Europe 5 GB / 30 days")
                    .setQuantity(1)
                    .setUnitPrice(Money.newBuilder().setAmountMinor(1499).setCurrency("EUR").build())
                    .setCoverage(List.of("FR", "IT", "ES"))
                    .setDataAllowanceMb(5120)
                    .setValidityDays(30)
                    .setTermsUrl("https://simology.io/esim-western-europe")
                    .build();
            return OrderEvent.newBuilder()
                    .setEventId(eventId)
                    .setOccurredAt(PLACED_AT)
                    .setOrderId(orderId)
                    .setCausationId("idem-" + orderId)
                    .setPayload(OrderPlaced.newBuilder()
                            .setKind(OrderKind.NEW_LINE)
                            .setItems(List.of(item))
                            .setTotal(Money.newBuilder().setAmountMinor(1499).setCurrency("EUR").build())
                            .setCustomerEmail(PII.encrypt(email, eventId))
                            .setCheckoutSessionId("cs_" + orderId)
                            .setExpiresAt(PLACED_AT.plusSeconds(1800))
                            .build())
                    .build();
        }

        /** What catalog-service's support console publishes: resend, to {@code correctedEmail} when not null. */
        OrderEvent resendRequested(String eventId, String correctedEmail) {
            return OrderEvent.newBuilder()
                    .setEventId(eventId)
                    .setOccurredAt(Instant.now())
                    .setOrderId(orderId)
                    .setCausationId("console-" + eventId)
                    .setPayload(ActivationEmailResendRequested.newBuilder().setRequestedBy("alice")
                            .setReason("traveller deleted the e-mail")
                            .setCustomerEmail(correctedEmail == null ? null : PII.encrypt(correctedEmail, eventId))
                            .build())
                    .build();
        }

        /** What {@code esim-ops erase} publishes. */
        OrderEvent erasureRequested() {
            return OrderEvent.newBuilder()
                    .setEventId("erasure-" + orderId)
                    .setOccurredAt(Instant.now())
                    .setOrderId(orderId)
                    .setCausationId("audit-" + orderId)
                    .setPayload(CustomerDataErasureRequested.newBuilder().setRequestedBy("dana")
                            .setReason("GDPR request REQ-7").build())
                    .build();
        }

        ActivationEvent activationReady() {
            String eventId = activationEventId();
            return ActivationEvent.newBuilder()
                    .setEventId(eventId)
                    .setOccurredAt(Instant.now())
                    .setOrderId(orderId)
                    .setCausationId(EventIds.derive(orderId, "PaymentSucceeded"))
                    .setPayload(ActivationReady.newBuilder()
                            .setProvider("simology")
                            .setIccid(iccid())
                            .setLpa(ACTIVATION.encrypt(lpa(), eventId))
                            .setSku("EU-5GB-30D")
                            .setPlanName("Europe 5 GB / 30 days")
                            .setCoverage(List.of("FR", "IT", "ES"))
                            .setDataAllowanceMb(5120)
                            .setValidityDays(30)
                            .setValidFrom(Instant.parse("2025-01-10T09:21:10Z"))
                            .setValidUntil(Instant.parse("2025-02-09T23:59:59Z"))
                            .build())
                    .build();
        }

        ActivationEvent provisioningFailed(String providerDetail) {
            return provisioningFailed("provider_failed", providerDetail);
        }

        ActivationEvent provisioningFailed(String reasonCode, String providerDetail) {
            return ActivationEvent.newBuilder()
                    .setEventId(EventIds.derive(orderId, "ProvisioningFailed", reasonCode))
                    .setOccurredAt(Instant.now())
                    .setOrderId(orderId)
                    .setCausationId(EventIds.derive(orderId, "PaymentSucceeded"))
                    .setPayload(ProvisioningFailed.newBuilder()
                            .setReasonCode(reasonCode)
                            .setProvider("simology")
                            .setDetail(providerDetail)
                            .build())
                    .build();
        }

        PaymentEvent refundSucceeded() {
            String eventId = EventIds.derive(orderId, "RefundSucceeded");
            return PaymentEvent.newBuilder()
                    .setEventId(eventId)
                    .setOccurredAt(Instant.now())
                    .setOrderId(orderId)
                    .setCausationId("evt_refund_" + orderId)
                    .setGateway("stripe")
                    .setGatewayEventType("charge.refunded")
                    .setOriginalPayload(PII.encrypt("{}", eventId))
                    .setPayload(RefundSucceeded.newBuilder()
                            .setRefundId("re_" + orderId)
                            .setAmount(Money.newBuilder().setAmountMinor(1499).setCurrency("EUR").build())
                            .build())
                    .build();
        }
    }

    private EventFixture() {
    }
}
