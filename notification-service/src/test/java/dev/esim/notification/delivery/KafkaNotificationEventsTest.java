package dev.esim.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.esim.events.EventIds;
import dev.esim.events.avro.EmailFailed;
import dev.esim.events.avro.EmailSent;
import dev.esim.events.avro.NotificationEvent;
import dev.esim.notification.email.Template;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

class KafkaNotificationEventsTest {

    static final Instant AT = Instant.parse("2025-01-10T09:21:13Z");

    @Test
    void anOutcomePublishedTwiceIsTheSameEvent() {
        Outcome sent = new Outcome("evt-1", "ord-1", Template.ACTIVATION_READY, "<m@x>", true, null, false, AT);

        NotificationEvent first = KafkaNotificationEvents.toEvent(sent);
        NotificationEvent again = KafkaNotificationEvents.toEvent(sent);

        assertThat(first).isEqualTo(again);
        assertThat(first.getEventId()).isEqualTo(EventIds.derive("evt-1", "EmailSent"));
        assertThat(first.getCausationId()).isEqualTo("evt-1");
        assertThat(first.getOrderId()).isEqualTo("ord-1");
        assertThat(first.getPayload()).isEqualTo(EmailSent.newBuilder()
                .setTemplate("activation-ready").setMessageId("<m@x>").build());
    }

    @Test
    void aFailureCarriesItsReasonCodeAndWhetherItIsPermanent() {
        Outcome failed = new Outcome("evt-1", "ord-1", Template.ACTIVATION_READY, "<m@x>", false,
                "recipient_rejected", true, AT);

        NotificationEvent event = KafkaNotificationEvents.toEvent(failed);

        assertThat(event.getEventId()).isEqualTo(EventIds.derive("evt-1", "EmailFailed"));
        assertThat(event.getPayload()).isEqualTo(EmailFailed.newBuilder()
                .setTemplate("activation-ready").setReason("recipient_rejected").setPermanent(true).build());
    }

    @Test
    void aBatchIsWrittenInOrderAndCountedWhole() {
        MockProducer<String, NotificationEvent> producer = producer((topic, event) -> new byte[0]);

        int written = publisher(producer).publish(List.of(sent("evt-1", "ord-1"), sent("evt-2", "ord-2")));

        assertThat(written).isEqualTo(2);
        assertThat(producer.history()).extracting(ProducerRecord::key).containsExactly("ord-1", "ord-2");
        assertThat(producer.history()).extracting(r -> r.value().getCausationId()).containsExactly("evt-1", "evt-2");
    }

    @Test
    void aBatchCountsOnlyTheOutcomesBeforeTheFirstOneTheProducerRefuses() {
        Serializer<NotificationEvent> refusesOrd2 = (topic, event) -> {
            if (event.getOrderId().equals("ord-2")) {
                throw new SerializationException("refused");
            }
            return new byte[0];
        };
        MockProducer<String, NotificationEvent> producer = producer(refusesOrd2);

        int written = publisher(producer).publish(List.of(sent("evt-1", "ord-1"), sent("evt-2", "ord-2"),
                sent("evt-3", "ord-3")));

        assertThat(written).isEqualTo(1);
        assertThat(producer.history()).extracting(ProducerRecord::key).startsWith("ord-1").doesNotContain("ord-2");
    }

    private static KafkaNotificationEvents publisher(MockProducer<String, NotificationEvent> producer) {
        return new KafkaNotificationEvents(new KafkaTemplate<>(new MockProducerFactory<>(() -> producer)));
    }

    /** A mock producer that outlives the template's close after each send, as a factory's shared producer does. */
    private static MockProducer<String, NotificationEvent> producer(Serializer<NotificationEvent> values) {
        return new MockProducer<>(true, null, new StringSerializer(), values) {
            @Override
            public void close(Duration timeout) {
            }
        };
    }

    private static Outcome sent(String eventId, String orderId) {
        return new Outcome(eventId, orderId, Template.ACTIVATION_READY, "<" + eventId + "@x>", true, null, false, AT);
    }
}
