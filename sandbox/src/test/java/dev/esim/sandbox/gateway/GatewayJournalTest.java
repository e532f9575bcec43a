package dev.esim.sandbox.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esim.sandbox.state.Journal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayJournalTest {

    @TempDir
    Path dir;

    @Test
    void anEventReadBackIsSignedAndSentByteForByteAsItWasFirst() {
        // given: an event as the ledger emits it, with an attempt that failed
        SessionState session = new SessionState("cs_test_a1x", 1_767_225_600L, 1_767_312_000L, "eur",
                List.of(new LineItem("li_1", "Europe 5 GB", "eSIM", 1499, 1, "eur")), "ord-1", "t@example.com",
                Map.of("order_id", "ord-1"), Map.of("order_id", "ord-1"), "http://shop.test/ok", null, null,
                "complete", "paid", "pi_1", "t@example.com");
        WebhookEvent event = new WebhookEvent(StripeObjects.event("evt_1", "checkout.session.completed",
                1_767_225_700L, StripeObjects.session(session, false), null, 1, "req_1", "key-1"));
        event.recordAttempt(500, false);
        Path file = dir.resolve("gateway.jsonl");
        try (Journal journal = Journal.open(file)) {
            GatewayJournal gateway = new GatewayJournal(journal);
            gateway.atomically(() -> {
                gateway.session(session);
                gateway.event(event);
            });
            gateway.delivery(event);
        }

        // when
        try (Journal journal = Journal.open(file)) {
            GatewayJournal.Restored restored = new GatewayJournal(journal).restored();

            // then
            assertThat(restored.sessions()).containsExactly(session);
            WebhookEvent back = restored.events().get(0);
            assertThat(back.payload()).isEqualTo(event.payload());
            assertThat(StripeJson.write(back.current())).isEqualTo(StripeJson.write(event.current()));
            assertThat(back.attempts()).isEqualTo(1);
            assertThat(back.lastStatus()).isEqualTo(500);
            assertThat(back.delivered()).isFalse();
        }
    }
}
