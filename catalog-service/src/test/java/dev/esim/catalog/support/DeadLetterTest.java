package dev.esim.catalog.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    private static ConsumerRecord<byte[], byte[]> parked(String key) {
        return new ConsumerRecord<>("esim.payments.v1-dlt", 2, 17, key == null ? null : utf8(key),
                utf8("secret value"));
    }

    private static void header(ConsumerRecord<?, ?> record, String name, byte[] value) {
        record.headers().add(new RecordHeader(name, value));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsSpringKafkasHeadersAsTheRecovererWritesThem() {
        ConsumerRecord<byte[], byte[]> record = parked("ord_1");
        header(record, DeadLetter.ORIGINAL_TOPIC, utf8("esim.payments.v1"));
        header(record, DeadLetter.ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(5).array());
        header(record, DeadLetter.ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(1234567890123L).array());
        header(record, DeadLetter.EXCEPTION_FQCN, utf8("java.lang.IllegalStateException"));
        header(record, DeadLetter.EXCEPTION_MESSAGE, utf8("line one\nline\ttwo"));

        DeadLetter letter = DeadLetter.of(record);

        assertThat(letter.topic()).isEqualTo("esim.payments.v1-dlt");
        assertThat(letter.partition()).isEqualTo(2);
        assertThat(letter.offset()).isEqualTo(17);
        assertThat(letter.key()).isEqualTo("ord_1");
        assertThat(letter.origin()).isEqualTo("esim.payments.v1/5@1234567890123");
        assertThat(letter.exceptionClass()).isEqualTo("java.lang.IllegalStateException");
        assertThat(letter.exceptionMessage()).isEqualTo("line one line two");
        assertThat(letter.parkedAt()).isEqualTo(Instant.ofEpochMilli(record.timestamp()));
        assertThat(letter.toString()).doesNotContain("secret value");
    }

    @Test
    void aDeadLetterWithoutHeadersStillListsWithBlanks() {
        DeadLetter letter = DeadLetter.of(parked(null));

        assertThat(letter.key()).isEmpty();
        assertThat(letter.origin()).isEqualTo("?/?@?");
        assertThat(letter.exceptionClass()).isEmpty();
        assertThat(letter.exceptionMessage()).isEmpty();
    }

    @Test
    void terminalEscapesAndControlCharactersAreRemovedFromWhatIsShown() {
        ConsumerRecord<byte[], byte[]> record = parked("ord_\u001B[31mred\u001B[0m");
        header(record, DeadLetter.EXCEPTION_MESSAGE,
                utf8("a\u001B]0;new title\u0007b\u001B]8;;http://x\u001B\\c\u001B[2J\u009Bd\u0000e\u202Ef\u0085g"));

        DeadLetter letter = DeadLetter.of(record);

        assertThat(letter.key()).isEqualTo("ord_red");
        assertThat(letter.exceptionMessage()).isEqualTo("abcdefg");
        assertThat(PrintableText.of("x".repeat(600), 500)).hasSize(500).endsWith("…");
    }

    @Test
    void aDeadLetterIsRedrivenOnlyIntoTheTopicItsHeaderNamesIfAny() {
        ConsumerRecord<byte[], byte[]> unnamed = parked("ord_1");
        ConsumerRecord<byte[], byte[]> named = parked("ord_1");
        header(named, DeadLetter.ORIGINAL_TOPIC, utf8("esim.payments.v1"));
        ConsumerRecord<byte[], byte[]> forged = parked("ord_1");
        header(forged, DeadLetter.ORIGINAL_TOPIC, utf8("esim.orders.v1"));
        // cleaned for the page, this would read esim.payments.v1: the check is on the header as sent
        ConsumerRecord<byte[], byte[]> hidden = parked("ord_1");
        header(hidden, DeadLetter.ORIGINAL_TOPIC, utf8("esim.payments.v1\u0000"));

        assertThat(DeadLetter.belongsTo(unnamed, "esim.payments.v1")).isTrue();
        assertThat(DeadLetter.belongsTo(named, "esim.payments.v1")).isTrue();
        assertThat(DeadLetter.belongsTo(forged, "esim.payments.v1")).isFalse();
        assertThat(DeadLetter.belongsTo(hidden, "esim.payments.v1")).isFalse();
    }

    @Test
    void onlyTheDeadLetterTopicsOfThePlatformsTopicsHaveATarget() {
        assertThat(DeadLetterTopics.targetOf("esim.payments.v1-dlt")).contains("esim.payments.v1");
        assertThat(DeadLetterTopics.targetOf("esim.orders.v1-dlt")).contains("esim.orders.v1");
        assertThat(DeadLetterTopics.targetOf("esim.payments.v1")).isEmpty();
        assertThat(DeadLetterTopics.targetOf("esim.secrets.v1-dlt")).isEmpty();
        assertThat(DeadLetterTopics.targetOf("esim.payments.v1-dlt-dlt")).isEmpty();
        assertThat(DeadLetterTopics.targetOf(null)).isEmpty();
    }

    @Test
    void theHeadersAboutTheFailedDeliveryStayBehind() {
        assertThat(DeadLetter.isOriginalHeader(new RecordHeader("traceparent", utf8("00-1")))).isTrue();
        assertThat(DeadLetter.isOriginalHeader(new RecordHeader("esim-dlt-reason", utf8("x")))).isTrue();
        assertThat(DeadLetter.isOriginalHeader(new RecordHeader(DeadLetter.ORIGINAL_TOPIC, utf8("x")))).isFalse();
        assertThat(DeadLetter.isOriginalHeader(new RecordHeader("kafka_dlt-exception-stacktrace", utf8("x"))))
                .isFalse();
        assertThat(DeadLetter.isOriginalHeader(new RecordHeader(DeadLetter.DELIVERY_ATTEMPT, new byte[4])))
                .isFalse();
    }
}
