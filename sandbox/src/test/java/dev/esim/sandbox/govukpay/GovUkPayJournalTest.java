package dev.esim.sandbox.govukpay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esim.sandbox.state.Journal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class GovUkPayJournalTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void aPaymentARefundAndAMessageReadBackRenderAndSignAsTheyDidFirst() {
        // given: a paid payment with metadata, its refund, and a message whose first attempt failed
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("order_id", "ord-1");
        metadata.put("lines", 2L);
        metadata.put("ratio", 0.5);
        Payment payment = new Payment("hu20sqlact5260q2nanm0q8u93", 1499, "ord-1", "Europe 5 GB",
                "https://shop.test/orders/ord-1", "t@example.com", "en", metadata,
                Instant.parse("2026-01-01T10:00:00.123Z"), "success", null, null, "http://localhost:8090");
        Refund refund = new Refund("4jfabcee0ev36so050kooajabk", payment.paymentId(), 500, "submitted",
                Instant.parse("2026-01-01T10:05:00Z"), payment.baseUrl());
        Map<String, Object> rendered = Representations.payment(payment,
                Representations.RefundSummary.of(payment, 500));
        WebhookMessage message = new WebhookMessage(new WebhookMessage.Sent("m1", "card_payment_succeeded",
                "payment", payment.paymentId(), Instant.parse("2026-01-01T10:01:00Z"),
                JSON.writeValueAsString(Map.of("resource", rendered))));
        message.recordAttempt(500, false);
        Path file = dir.resolve("govukpay.jsonl");
        try (Journal journal = Journal.open(file)) {
            GovUkPayJournal govUkPay = new GovUkPayJournal(journal);
            govUkPay.atomically(() -> {
                govUkPay.payment(payment);
                govUkPay.refund(refund);
                govUkPay.message(message);
                return null;
            });
            govUkPay.delivery(message);
        }

        // when
        try (Journal journal = Journal.open(file)) {
            GovUkPayJournal.Restored restored = new GovUkPayJournal(journal).restored();

            // then
            Payment back = restored.payments().get(0);
            assertThat(JSON.writeValueAsString(Representations.payment(back,
                    Representations.RefundSummary.of(back, 500)))).isEqualTo(JSON.writeValueAsString(rendered));
            assertThat(restored.refunds()).containsExactly(refund);
            WebhookMessage sentBack = restored.messages().get(0);
            assertThat(sentBack.body()).isEqualTo(message.body());
            assertThat(PaySignature.of(sentBack.body(), "s")).isEqualTo(PaySignature.of(message.body(), "s"));
            assertThat(sentBack.progress()).isEqualTo(new WebhookMessage.Progress(1, 500,
                    WebhookMessage.Delivery.PENDING));
        }
    }
}
