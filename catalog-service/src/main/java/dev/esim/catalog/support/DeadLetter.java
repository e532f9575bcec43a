package dev.esim.catalog.support;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * A record on a {@code <topic>-dlt} as the console lists it: where it sits, its key (the order id), and what the
 * {@code kafka_dlt-*} headers of spring-kafka's {@code DeadLetterPublishingRecoverer} say about the record that failed
 * (partition as a 4-byte and offset as an 8-byte big-endian number). Never the value: it may hold encrypted personal
 * data, and support has no use for it. Every header is optional — a dead letter written by something else still
 * lists, with blanks — and every text is {@link PrintableText}.
 *
 * @param originalTopic     blank when the header is missing
 * @param originalPartition null when the header is missing
 * @param originalOffset    null when the header is missing
 */
record DeadLetter(String topic, int partition, long offset, Instant parkedAt, String key, String originalTopic,
                  Integer originalPartition, Long originalOffset, String exceptionClass, String exceptionMessage) {

    static final String PREFIX = "kafka_dlt-";
    static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";
    static final String ORIGINAL_PARTITION = "kafka_dlt-original-partition";
    static final String ORIGINAL_OFFSET = "kafka_dlt-original-offset";
    static final String EXCEPTION_FQCN = "kafka_dlt-exception-fqcn";
    static final String EXCEPTION_MESSAGE = "kafka_dlt-exception-message";
    static final String KEY_EXCEPTION_FQCN = "kafka_dlt-key-exception-fqcn";
    static final String KEY_EXCEPTION_MESSAGE = "kafka_dlt-key-exception-message";
    /** spring-kafka's delivery-attempt header: about the failed delivery, like the {@code kafka_dlt-*} ones. */
    static final String DELIVERY_ATTEMPT = "kafka_deliveryAttempt";

    private static final int MAX_NAME = 255;
    private static final int MAX_MESSAGE = 500;

    static DeadLetter of(ConsumerRecord<byte[], ?> record) {
        Headers headers = record.headers();
        Long partition = number(headers, ORIGINAL_PARTITION);
        return new DeadLetter(record.topic(), record.partition(), record.offset(),
                Instant.ofEpochMilli(record.timestamp()),
                PrintableText.of(record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                        MAX_NAME),
                PrintableText.of(text(headers, ORIGINAL_TOPIC), MAX_NAME),
                partition == null ? null : partition.intValue(),
                number(headers, ORIGINAL_OFFSET),
                PrintableText.of(text(headers, EXCEPTION_FQCN, KEY_EXCEPTION_FQCN), MAX_NAME),
                PrintableText.of(text(headers, EXCEPTION_MESSAGE, KEY_EXCEPTION_MESSAGE), MAX_MESSAGE));
    }

    /**
     * Whether the dead letter may be redriven into {@code topic}, the topic its DLT belongs to: yes unless its
     * original-topic header names another one (compared as sent, before any cleaning). A record written onto a DLT
     * with a forged header must not become a way to publish onto some other topic.
     */
    static boolean belongsTo(ConsumerRecord<byte[], ?> record, String topic) {
        String named = text(record.headers(), ORIGINAL_TOPIC);
        return named == null || named.isEmpty() || named.equals(topic);
    }

    /** {@code <topic>/<partition>@<offset>} of the record that failed, as far as the headers tell. */
    String origin() {
        return (originalTopic.isEmpty() ? "?" : originalTopic) + "/"
                + (originalPartition == null ? "?" : originalPartition) + "@"
                + (originalOffset == null ? "?" : originalOffset);
    }

    /**
     * Whether a header of the dead letter travels on when it is redriven: the event's own headers do; the recoverer's
     * and the listener container's are about the failed delivery (a redriven record starts its attempts afresh).
     * The same rule as {@code esim-ops dlt redrive}.
     */
    static boolean isOriginalHeader(Header header) {
        return !header.key().startsWith(PREFIX) && !header.key().startsWith("springDeserializerException")
                && !header.key().equals(DELIVERY_ATTEMPT);
    }

    private static String text(Headers headers, String... names) {
        for (String name : names) {
            Header header = headers.lastHeader(name);
            if (header != null && header.value() != null) {
                return new String(header.value(), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** Big-endian integers of up to 8 bytes (spring-kafka writes 4 and 8); anything else counts as missing. */
    private static Long number(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        if (header == null || header.value() == null || header.value().length == 0 || header.value().length > 8) {
            return null;
        }
        long value = new BigInteger(header.value()).longValue();
        return value < 0 || value > Integer.MAX_VALUE && ORIGINAL_PARTITION.equals(name) ? null : value;
    }
}
