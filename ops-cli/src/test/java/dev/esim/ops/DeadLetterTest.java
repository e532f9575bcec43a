package dev.esim.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    @Test
    void readsSpringKafkaRecovererHeaders() {
        // given the headers DeadLetterPublishingRecoverer writes (numbers big-endian, as spring-kafka does)
        ConsumerRecord<byte[], byte[]> record =
                new ConsumerRecord<>("esim.payments.v1-dlt", 0, 4, null, new byte[] {1});
        record.headers()
                .add(text(DeadLetter.EXCEPTION_FQCN,
                        "org.springframework.kafka.listener.ListenerExecutionFailedException"))
                .add(text(DeadLetter.EXCEPTION_CAUSE_FQCN, "java.lang.IllegalStateException"))
                .add(text(DeadLetter.EXCEPTION_MESSAGE, "Listener failed; provider said no"))
                .add(text(DeadLetter.ORIGINAL_TOPIC, "esim.payments.v1"))
                .add(new RecordHeader(DeadLetter.ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(3).array()))
                .add(new RecordHeader(DeadLetter.ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(1234).array()))
                .add(new RecordHeader(DeadLetter.ORIGINAL_TIMESTAMP, ByteBuffer.allocate(8).putLong(1_000).array()))
                .add(text(DeadLetter.ORIGINAL_CONSUMER_GROUP, "provisioning-worker"))
                .add(new RecordHeader(DeadLetter.DELIVERY_ATTEMPT, ByteBuffer.allocate(4).putInt(4).array()));

        // when
        DeadLetter letter = DeadLetter.of(record);

        // then
        assertThat(letter.origin()).isEqualTo("esim.payments.v1/3@1234");
        assertThat(letter.attempts()).isEqualTo(4);
        assertThat(letter.consumerGroup()).isEqualTo("provisioning-worker");
        assertThat(letter.causeFqcn()).isEqualTo("java.lang.IllegalStateException");
        assertThat(letter.exceptionMessage()).isEqualTo("Listener failed; provider said no");
        assertThat(letter.originalTimestamp().toEpochMilli()).isEqualTo(1_000);
        assertThat(letter.belongsTo("esim.payments.v1")).isTrue();
        assertThat(letter.belongsTo("esim.activations.v1")).isFalse();
    }

    @Test
    void withoutHeadersItStillListsAndRedrivesToTheBaseTopic() {
        DeadLetter letter = DeadLetter.of(new ConsumerRecord<>("esim.orders.v1-dlt", 0, 0, null, new byte[] {1}));

        assertThat(letter.origin()).isEqualTo("?/?@?");
        assertThat(letter.attempts()).isNull();
        assertThat(DltCommand.baseTopic("esim.orders.v1-dlt")).isEqualTo("esim.orders.v1");
        assertThat(letter.belongsTo("esim.orders.v1")).isTrue();
    }

    @Test
    void onlyTheRecoverersHeadersAreDroppedOnRedrive() {
        assertThat(DeadLetter.isOriginalHeader(text("kafka_dlt-exception-message", "x"))).isFalse();
        assertThat(DeadLetter.isOriginalHeader(text("traceparent", "00-abc-01"))).isTrue();
        assertThat(DltCommand.deadLetterTopic("esim.orders.v1")).isEqualTo("esim.orders.v1-dlt");
        assertThat(DltCommand.deadLetterTopic("esim.orders.v1-dlt")).isEqualTo("esim.orders.v1-dlt");
    }

    @Test
    void headerTextReachesTheTerminalWithoutEscapeSequencesOrControlCharacters() {
        ConsumerRecord<byte[], byte[]> record =
                new ConsumerRecord<>("esim.payments.v1-dlt", 0, 4, null, new byte[] {1});
        record.headers().add(text(DeadLetter.EXCEPTION_MESSAGE,
                "boom\u001B]0;owned\u0007\u001B[2J\u001B[1;31mred\u001B[0m\rhidden\u202Etxt.exe\nnext\tline"));

        assertThat(DeadLetter.of(record).exceptionMessage()).isEqualTo("boomred?hidden?txt.exe\nnext\tline");
    }

    private static RecordHeader text(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
