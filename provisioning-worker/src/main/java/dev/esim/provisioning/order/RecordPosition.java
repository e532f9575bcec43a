package dev.esim.provisioning.order;

import java.util.Objects;

/** Where an input event sits in the log: the one fact that tells whether its outcome was committed with it. */
public record RecordPosition(String topic, int partition, long offset) {
    public RecordPosition {
        Objects.requireNonNull(topic, "topic");
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
