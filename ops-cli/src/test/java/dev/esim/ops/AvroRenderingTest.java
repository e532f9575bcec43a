package dev.esim.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.esim.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class AvroRenderingTest {

    private static final String REGISTRY = "mock://ops-cli-rendering";
    private static final Instant AT = Instant.parse("2026-03-01T10:15:30Z");

    private final EventDecoder decoder = new EventDecoder(Map.of("schema.registry.url", REGISTRY));

    private DecodedEvent decoded(String topic, org.apache.avro.specific.SpecificRecord event) {
        return decoder.decode(topic, EventFixture.serialize(REGISTRY, topic, event)).orElseThrow();
    }

    @Test
    void encryptedFieldsAreShownAsTheirKeyIdAndNothingElse() {
        // given an order with an encrypted e-mail address
        DecodedEvent event = decoded(Topics.ORDERS.name(), EventFixture.orderPlaced("ord_1", AT));

        // when
        JsonNode json = AvroRendering.toJson(event.envelope(), event.envelope().getSchema());

        // then
        assertThat(json.at("/payload/customer_email").asText()).isEqualTo("<encrypted:pii/sandbox>");
        assertThat(json.toString()).doesNotContain(EventFixture.emailOf("ord_1")).doesNotContain("ciphertext");
        assertThat(json.at("/occurred_at").asText()).isEqualTo("2026-03-01T10:15:30Z");
        assertThat(json.at("/payload/kind").asText()).isEqualTo("NEW_LINE");
        assertThat(json.at("/payload/items/0/unit_price/amount_minor").asLong()).isEqualTo(1999);
    }

    @Test
    void eventTypeIsThePayloadBranchAndProviderComesFromThePayload() {
        DecodedEvent activation =
                decoded(Topics.ACTIVATIONS.name(), EventFixture.activationReady("ord_2", "simology", AT));
        DecodedEvent payment = decoded(Topics.PAYMENTS.name(), EventFixture.paymentFailed("ord_2", AT));

        assertThat(activation.eventType()).isEqualTo("ActivationReady");
        assertThat(activation.provider()).contains("simology");
        assertThat(activation.occurredAt()).contains(AT);
        assertThat(payment.eventType()).isEqualTo("PaymentFailed");
        assertThat(payment.provider()).isEmpty();
        assertThat(payment.causationId()).contains("evt_ko_ord_2");
    }

    @Test
    void summaryShowsMoneyInMajorUnitsAndMasksSecrets() {
        DecodedEvent payment = decoded(Topics.PAYMENTS.name(), EventFixture.paymentSucceeded("ord_3", AT));
        DecodedEvent activation =
                decoded(Topics.ACTIVATIONS.name(), EventFixture.activationReady("ord_3", "simology", AT));

        assertThat(payment.summary())
                .contains("gateway=stripe", "amount=19.99 USD")
                .doesNotContain(EventFixture.emailOf("ord_3"));
        assertThat(activation.summary())
                .contains("provider=simology", "lpa=<encrypted:activation/sandbox>")
                .doesNotContain("SECRET-CODE");
    }

    @Test
    void aLineCancellationRequestShowsTheLineAndTheOperator() {
        DecodedEvent request = decoded(Topics.ORDERS.name(),
                EventFixture.lineCancellationRequested("ord_4", "8988300000000000001", AT));

        assertThat(request.eventType()).isEqualTo("LineCancellationRequested");
        assertThat(request.summary())
                .isEqualTo("iccid=8988300000000000001 requested_by=alice reason=TICKET-42");
    }

    @Test
    void moneyUsesTheCurrencysOwnExponent() {
        assertThat(AvroRendering.money(1999, "USD")).isEqualTo("19.99 USD");
        assertThat(AvroRendering.money(500, "JPY")).isEqualTo("500 JPY");
        assertThat(AvroRendering.money(5, "XXQ")).isEqualTo("5 XXQ (minor units)");
    }

    @Test
    void aValueThatIsNotAvroIsReportedNotDecoded() {
        byte[] garbage = "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8);
        ConsumerRecord<byte[], byte[]> record =
                new ConsumerRecord<>("t-dlt", 0, 7, "k".getBytes(StandardCharsets.UTF_8), garbage);

        Optional<DecodedEvent> event = decoder.decode("t", garbage);
        JsonNode json = AvroRendering.recordJson(record, event);

        assertThat(event).isEmpty();
        assertThat(json.get("value").asText()).isEqualTo("<not avro: " + garbage.length + " bytes>");
        assertThat(json.get("key").asText()).isEqualTo("k");
    }

    @Test
    void headerValuesAreTextWhenPrintableAndHexOrLengthOtherwise() {
        assertThat(AvroRendering.headerText("stripe".getBytes(StandardCharsets.UTF_8))).isEqualTo("stripe");
        assertThat(AvroRendering.headerText(new byte[] {0, 0, 0, 3})).isEqualTo("0x00000003");
        assertThat(AvroRendering.headerText(new byte[40])).isEqualTo("<bytes:40>");
    }
}
