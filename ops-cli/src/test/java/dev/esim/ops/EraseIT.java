package dev.esim.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.esim.events.Topics;
import dev.esim.events.avro.CustomerDataErasureRequested;
import dev.esim.events.avro.OrderEvent;
import dev.esim.events.serde.ConfluentAvroDeserializer;
import dev.esim.testkit.TestInfrastructure;
import dev.esim.testkit.WithKafka;
import dev.esim.testkit.WithSchemaRegistry;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code esim-ops erase}: the request on the order's topic, as the services read it, and its audit record. */
@WithKafka
@WithSchemaRegistry
class EraseIT {

    @BeforeAll
    static void ordersTopic() {
        TestInfrastructure.kafka().createTopics(Topics.ORDERS.newTopic());
    }

    @Test
    void publishesTheErasureRequestKeyedByTheOrderAndAuditsWhoAskedAndWhy() {
        CliRun run = CliRun.of("erase", "ord_erase_1", "--reason", "erasure request REQ-7", "--operator", "dana",
                "--yes");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<ConsumerRecord<String, byte[]>> records = KafkaFixture.readAll(Topics.ORDERS.name()).stream()
                .filter(r -> "ord_erase_1".equals(r.key())).toList();
        assertThat(records).hasSize(1);
        OrderEvent event = decode(records.get(0).value());
        assertThat(event.getOrderId()).isEqualTo("ord_erase_1");
        assertThat(event.getCausationId()).isEqualTo(run.auditId());
        CustomerDataErasureRequested erasure = (CustomerDataErasureRequested) event.getPayload();
        assertThat(erasure.getRequestedBy()).isEqualTo("dana");
        assertThat(erasure.getReason()).isEqualTo("erasure request REQ-7");

        List<JsonNode> audit = KafkaFixture.auditRecords(run.auditId());
        assertThat(audit).extracting(a -> a.get("outcome").asText()).containsExactly("started", "completed");
        assertThat(audit.get(1).get("action").asText()).isEqualTo("customer.erase");
        assertThat(audit.get(1).get("operator").asText()).isEqualTo("dana");
        assertThat(audit.get(1).get("operator_authenticated").asBoolean()).as("the test broker has no SASL").isFalse();
        assertThat(audit.get(1).get("order_id").asText()).isEqualTo("ord_erase_1");
        assertThat(audit.get(1).at("/counts/published").asLong()).isEqualTo(1);
    }

    @Test
    void refusesWithoutAReasonOrWithSomethingThatIsNotAnOrderId() {
        CliRun noReason = CliRun.of("erase", "ord_erase_2", "--yes");
        CliRun notAnId = CliRun.of("erase", "ord 3; drop", "--reason", "x", "--yes");

        assertThat(noReason.exitCode()).isEqualTo(2);
        assertThat(noReason.err()).contains("--reason is required");
        assertThat(notAnId.exitCode()).isEqualTo(2);
        assertThat(notAnId.err()).contains("Not an order id");
        assertThat(KafkaFixture.readAll(Topics.ORDERS.name())).noneMatch(r -> "ord_erase_2".equals(r.key()));
    }

    private static OrderEvent decode(byte[] value) {
        try (ConfluentAvroDeserializer avro = new ConfluentAvroDeserializer()) {
            avro.configure(Map.of("schema.registry.url", TestInfrastructure.registry().url(),
                    "specific.avro.reader", true), false);
            return (OrderEvent) avro.deserialize(Topics.ORDERS.name(), value);
        }
    }
}
