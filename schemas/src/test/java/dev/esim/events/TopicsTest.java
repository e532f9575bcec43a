package dev.esim.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void topicNamesAreTheContractNames() {
        assertThat(Topics.all()).extracting(Topic::name).containsExactly(
                "esim.orders.v1", "esim.payments.v1", "esim.provider-events.v1", "esim.activations.v1",
                "esim.notifications.v1", "esim.catalog.plans.v1");
    }

    @Test
    void everyEventCarriesTheEnvelopeFields() {
        Topics.all().forEach(t -> assertThat(t.valueSchema().getFields())
                .extracting(org.apache.avro.Schema.Field::name)
                .as(t.name())
                .contains("event_id", "occurred_at", "order_id", "causation_id"));
    }

    @Test
    void onlyTheCatalogueIsCompacted() {
        assertThat(Topics.all()).filteredOn(Topic::compacted).containsExactly(Topics.CATALOG_PLANS);
        assertThat(Topics.PAYMENTS.deadLetterTopic()).isEqualTo("esim.payments.v1-dlt");
        assertThat(Topics.PAYMENTS.valueSubject()).isEqualTo("esim.payments.v1-value");
    }

    @Test
    void aTopicAndItsDeadLetterTopicAreDeclaredWithTheRegistrysSettings() {
        NewTopic payments = Topics.PAYMENTS.newTopic();
        assertThat(payments.name()).isEqualTo("esim.payments.v1");
        assertThat(payments.numPartitions()).isEqualTo(Topics.PAYMENTS.partitions());
        assertThat(payments.configs()).containsEntry("cleanup.policy", "delete")
                .containsEntry("retention.ms", Long.toString(Topics.PAYMENTS.retention().toMillis()));
        assertThat(Topics.CATALOG_PLANS.newTopic().configs()).containsEntry("cleanup.policy", "compact")
                .containsEntry("retention.ms", "-1");

        NewTopic dlt = Topics.CATALOG_PLANS.newDeadLetterTopic();
        assertThat(dlt.name()).isEqualTo("esim.catalog.plans.v1-dlt");
        assertThat(dlt.numPartitions()).isEqualTo(Topics.CATALOG_PLANS.partitions());
        assertThat(dlt.configs()).containsEntry("cleanup.policy", "delete")
                .containsEntry("retention.ms", Long.toString(Duration.ofDays(14).toMillis()));
    }

    @Test
    void secretsAreNeverPlainStrings() {
        // activation codes and e-mail addresses are typed as encrypted payloads, never strings
        String all = Topics.all().stream().map(t -> t.valueSchema().toString()).reduce("", String::concat);
        assertThat(all)
                .contains("\"name\":\"customer_email\",\"type\":{\"type\":\"record\",\"name\":\"EncryptedPayload\"");
        assertThat(all).doesNotContain("\"name\":\"lpa\",\"type\":\"string\"")
                .doesNotContain("\"name\":\"customer_email\",\"type\":\"string\"");
    }
}
