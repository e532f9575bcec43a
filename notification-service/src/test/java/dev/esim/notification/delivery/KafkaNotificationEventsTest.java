package dev.esim.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import dev.esim.events.EventIds;
import dev.esim.events.avro.EmailFailed;
import dev.esim.events.avro.EmailSent;
import dev.esim.events.avro.NotificationEvent;
import dev.esim.notification.email.Template;
import org.junit.jupiter.api.Test;

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
}
