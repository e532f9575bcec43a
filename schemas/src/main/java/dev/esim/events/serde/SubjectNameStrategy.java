package dev.esim.events.serde;

import org.apache.avro.Schema;

/**
 * How a subject is named, as in Confluent's serializers. Configured with Confluent's class names
 * ({@code io.confluent.kafka.serializers.subject.TopicNameStrategy}, …) or their simple names.
 */
enum SubjectNameStrategy {
    TOPIC_NAME {
        @Override
        String subject(String topic, boolean isKey, Schema schema) {
            return topic + (isKey ? "-key" : "-value");
        }
    },
    RECORD_NAME {
        @Override
        String subject(String topic, boolean isKey, Schema schema) {
            return schema.getFullName();
        }
    },
    TOPIC_RECORD_NAME {
        @Override
        String subject(String topic, boolean isKey, Schema schema) {
            return topic + "-" + schema.getFullName();
        }
    };

    abstract String subject(String topic, boolean isKey, Schema schema);

    static SubjectNameStrategy fromConfig(Object value) {
        if (value == null) {
            return TOPIC_NAME;
        }
        String name = value instanceof Class<?> c ? c.getSimpleName() : value.toString();
        name = name.substring(name.lastIndexOf('.') + 1);
        return switch (name) {
            case "TopicNameStrategy" -> TOPIC_NAME;
            case "RecordNameStrategy" -> RECORD_NAME;
            case "TopicRecordNameStrategy" -> TOPIC_RECORD_NAME;
            default -> throw new IllegalArgumentException("Unknown subject name strategy " + value);
        };
    }
}
