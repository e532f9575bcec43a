package dev.esim.ingress.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.esim.events.EventIds;
import dev.esim.events.avro.PaymentSucceeded;
import dev.esim.events.avro.ProviderActivationReady;
import dev.esim.events.crypto.FieldDecryptionException;
import dev.esim.events.crypto.Keysets;
import dev.esim.ingress.event.Envelope;
import dev.esim.ingress.event.Fact;
import dev.esim.ingress.event.Money;
import dev.esim.ingress.fixtures.ProviderFixtures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AvroMappingTest {

    private final AvroMapping mapping =
            new AvroMapping(Keysets.sandbox(Keysets.PII), Keysets.sandbox(Keysets.ACTIVATION));

    @Test
    void paymentEventCarriesTheEnvelopeFieldsAndTheEncryptedOriginalBody() {
        byte[] body = "{\"id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8);
        String eventId = EventIds.derive("stripe", "evt_1");
        Envelope envelope = new Envelope(eventId, Instant.ofEpochMilli(1_752_619_699_123L), "ord_1", "evt_1", "stripe",
                "checkout.session.completed", false, body,
                new Fact.PaymentSucceeded(new Money(1499, "usd"), "cs_1", "pi_1"), "ord_1");

        var event = mapping.payment(envelope);

        assertThat(event.getEventId()).isEqualTo(eventId);
        assertThat(event.getOrderId()).isEqualTo("ord_1");
        assertThat(event.getCausationId()).isEqualTo("evt_1");
        assertThat(event.getGateway()).isEqualTo("stripe");
        assertThat(event.getOccurredAt()).isEqualTo(Instant.ofEpochMilli(1_752_619_699_123L));
        var payload = (PaymentSucceeded) event.getPayload();
        assertThat(payload.getAmount().getAmountMinor()).isEqualTo(1499);
        assertThat(payload.getAmount().getCurrency()).isEqualTo("USD");
        assertThat(event.getOriginalPayload().getKeyId()).isEqualTo("pii/sandbox");
        assertThat(Keysets.sandbox(Keysets.PII).decrypt(event.getOriginalPayload(), eventId))
                .isEqualTo("{\"id\":\"evt_1\"}");
    }

    @Test
    void lpaIsEncryptedWithTheActivationKeysetBoundToTheEventId() {
        byte[] body = ProviderFixtures.simologyActivationReady("evt_9", "ord_9");
        String eventId = EventIds.derive("simology", "evt_9");
        Envelope envelope = new Envelope(eventId, Instant.parse("2025-01-10T09:21:10Z"), "ord_9", "evt_9", "simology",
                "activation.ready", false, body, new Fact.ActivationReady("ord_7Hq", "8988307000001234567",
                        ProviderFixtures.LPA, null, Instant.parse("2025-02-09T23:59:59Z")), "ord_9", "ord_9/1");

        var event = mapping.provider(envelope);
        assertThat(event.getOrderId()).isEqualTo("ord_9");
        assertThat(event.getReference()).isEqualTo("ord_9/1");

        var ready = (ProviderActivationReady) event.getPayload();
        var activation = Keysets.sandbox(Keysets.ACTIVATION);
        assertThat(ready.getLpa().getKeyId()).isEqualTo("activation/sandbox");
        assertThat(new String(ready.getLpa().getCiphertext().array(), StandardCharsets.ISO_8859_1))
                .doesNotContain("ACT-CODE-1234");
        assertThat(activation.decrypt(ready.getLpa(), eventId)).isEqualTo(ProviderFixtures.LPA);
        assertThatThrownBy(() -> activation.decrypt(ready.getLpa(), "another-event"))
                .isInstanceOf(FieldDecryptionException.class);
        assertThat(event.getOriginalPayload().getKeyId()).isEqualTo("activation/sandbox");
        assertThat(ready.getValidFrom()).isNull();
    }
}
