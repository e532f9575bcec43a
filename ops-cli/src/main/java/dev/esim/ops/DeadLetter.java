package dev.esim.ops;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * A record on a {@code <topic>-dlt}, read through the headers spring-kafka's {@code DeadLetterPublishingRecoverer}
 * adds (names from {@code KafkaHeaders.DLT_*}; partition as a 4-byte and offset/timestamp as 8-byte big-endian
 * numbers). Every header is optional: a dead letter written by something else still lists, with blanks.
 */
record DeadLetter(
        ConsumerRecord<byte[], byte[]> record,
        String exceptionFqcn,
        String causeFqcn,
        String exceptionMessage,
        String stacktrace,
        String originalTopic,
        Integer originalPartition,
        Long originalOffset,
        Instant originalTimestamp,
        String consumerGroup,
        Integer attempts) {

    static final String PREFIX = "kafka_dlt-";
    static final String EXCEPTION_FQCN = "kafka_dlt-exception-fqcn";
    static final String EXCEPTION_CAUSE_FQCN = "kafka_dlt-exception-cause-fqcn";
    static final String EXCEPTION_MESSAGE = "kafka_dlt-exception-message";
    static final String EXCEPTION_STACKTRACE = "kafka_dlt-exception-stacktrace";
    static final String KEY_EXCEPTION_FQCN = "kafka_dlt-key-exception-fqcn";
    static final String KEY_EXCEPTION_MESSAGE = "kafka_dlt-key-exception-message";
    static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";
    static final String ORIGINAL_PARTITION = "kafka_dlt-original-partition";
    static final String ORIGINAL_OFFSET = "kafka_dlt-original-offset";
    static final String ORIGINAL_TIMESTAMP = "kafka_dlt-original-timestamp";
    static final String ORIGINAL_CONSUMER_GROUP = "kafka_dlt-original-consumer-group";
    /** spring-kafka's delivery attempt header (container property {@code deliveryAttemptHeader}). */
    static final String DELIVERY_ATTEMPT = "kafka_deliveryAttempt";
    /** Non-blocking retries ({@code @RetryableTopic}) count here instead. */
    static final String RETRY_TOPIC_ATTEMPTS = "retry_topic-attempts";

    /** Headers spring-kafka writes as big-endian numbers, shown as numbers rather than hex. */
    static final java.util.Set<String> NUMERIC_HEADERS = java.util.Set.of(ORIGINAL_PARTITION, ORIGINAL_OFFSET,
            ORIGINAL_TIMESTAMP, DELIVERY_ATTEMPT, RETRY_TOPIC_ATTEMPTS);

    static DeadLetter of(ConsumerRecord<byte[], byte[]> record) {
        Headers headers = record.headers();
        Long attempts = number(headers, DELIVERY_ATTEMPT);
        if (attempts == null) {
            attempts = number(headers, RETRY_TOPIC_ATTEMPTS);
        }
        Long timestamp = number(headers, ORIGINAL_TIMESTAMP);
        return new DeadLetter(record,
                text(headers, EXCEPTION_FQCN, KEY_EXCEPTION_FQCN),
                text(headers, EXCEPTION_CAUSE_FQCN),
                text(headers, EXCEPTION_MESSAGE, KEY_EXCEPTION_MESSAGE),
                text(headers, EXCEPTION_STACKTRACE),
                text(headers, ORIGINAL_TOPIC),
                toInt(number(headers, ORIGINAL_PARTITION)),
                number(headers, ORIGINAL_OFFSET),
                timestamp == null ? null : Instant.ofEpochMilli(timestamp),
                text(headers, ORIGINAL_CONSUMER_GROUP),
                toInt(attempts));
    }

    /**
     * Whether this dead letter may be redriven into {@code topic}, the topic its DLT belongs to: yes unless its
     * original-topic header names another one. Redrive never goes anywhere else — a record written onto a DLT with a
     * forged header must not become a way to publish onto another topic.
     */
    boolean belongsTo(String topic) {
        return originalTopic == null || originalTopic.isBlank() || originalTopic.equals(topic);
    }

    /** {@code <topic>/<partition>@<offset>} of the record that failed, as far as the headers tell. */
    String origin() {
        return (originalTopic == null ? "?" : originalTopic)
                + "/" + (originalPartition == null ? "?" : originalPartition)
                + "@" + (originalOffset == null ? "?" : originalOffset);
    }

    /**
     * The headers the recoverer and the listener container added are about the failed delivery, not the event:
     * they are not redriven (a redriven record starts its delivery attempts afresh).
     */
    static boolean isOriginalHeader(Header header) {
        return !header.key().startsWith(PREFIX) && !header.key().startsWith("springDeserializerException")
                && !header.key().equals(DELIVERY_ATTEMPT);
    }

    private static String text(Headers headers, String... names) {
        for (String name : names) {
            Header header = headers.lastHeader(name);
            if (header != null && header.value() != null) {
                return PrintableText.of(new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return null;
    }

    /** Big-endian integers of any width up to 8 bytes (spring-kafka writes 4 and 8); decimal text as a fallback. */
    static Long number(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        if (header == null || header.value() == null || header.value().length == 0) {
            return null;
        }
        byte[] value = header.value();
        if (value.length <= 8) {
            String text = new String(value, StandardCharsets.UTF_8);
            if (text.chars().allMatch(Character::isDigit) && value.length > 1) {
                return Long.parseLong(text);
            }
            return new BigInteger(value).longValue();
        }
        try {
            return Long.parseLong(new String(value, StandardCharsets.UTF_8).trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Integer toInt(Long value) {
        return value == null ? null : Math.toIntExact(value);
    }
}
